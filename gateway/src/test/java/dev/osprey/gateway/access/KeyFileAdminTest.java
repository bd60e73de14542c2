package dev.osprey.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyFileAdminTest {

    @Test
    void theAdminWordGivesAKeyTheAdminRole() {
        List<KeyEntry> keys = KeyFileParser.parse("""
                alice sk-alice-0123456789 rpm=10
                root  sk-root-0123456789 admin tpm=5
                """, "keys", RateLimits.UNLIMITED);
        assertThat(keys).extracting(e -> e.key().admin()).containsExactly(false, true);
        assertThat(keys.get(1).key().limits()).isEqualTo(new RateLimits(0, 5));
        assertThat(Tenant.of(keys.get(1).key()).mayAccess("alice")).isTrue();
        assertThat(Tenant.of(keys.get(0).key()).mayAccess("root")).isFalse();
        assertThat(Tenant.of(keys.get(0).key()).mayAccess("alice")).isTrue();
    }

    @Test
    void anotherBareWordIsStillAnError() {
        assertThatThrownBy(() -> KeyFileParser.parse("bob sk-bob-0123456789 superuser\n", "keys", RateLimits.UNLIMITED))
                .hasMessageContaining("keys:1").hasMessageContaining("'superuser'")
                .hasMessageContaining("admin");
    }

    @Test
    void keylessCallersShareOneOwnerAndOneCacheNamespace() {
        assertThat(Tenant.ANONYMOUS.owner()).isEmpty();
        assertThat(Tenant.ANONYMOUS.cacheNamespace()).isEmpty();
        assertThat(Tenant.ANONYMOUS.mayAccess("")).isTrue();
        assertThat(Tenant.ANONYMOUS.mayAccess("alice")).isFalse();
        assertThat(new Tenant("alice", false).cacheNamespace()).isEqualTo("key:alice");
    }
}
