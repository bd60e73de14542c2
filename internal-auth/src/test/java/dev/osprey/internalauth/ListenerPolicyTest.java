package dev.osprey.internalauth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ListenerPolicyTest {

    @Test
    void loopbackNeedsNothing() throws Exception {
        assertThatCode(() -> ListenerPolicy.check("svc", InetAddress.getByName("127.0.0.1"), 1, false, false))
                .doesNotThrowAnyException();
        assertThatCode(() -> ListenerPolicy.check("svc", InetAddress.getByName("::1"), 1, false, false))
                .doesNotThrowAnyException();
    }

    @Test
    void everyInterfaceOrAnotherAddressNeedsTokenOrMutualTls() throws Exception {
        assertThatThrownBy(() -> ListenerPolicy.check("osprey-context", null, 9093, false, false))
                .isInstanceOf(InsecureListenerException.class)
                .hasMessageStartingWith("osprey-context refuses to listen on every interface (port 9093)")
                .hasMessageContaining("osprey.internal.service-token");
        InetAddress lan = InetAddress.getByName("10.1.2.3");
        assertThatThrownBy(() -> ListenerPolicy.check("svc", lan, 1, false, false))
                .hasMessageContaining("10.1.2.3");
        assertThatCode(() -> ListenerPolicy.check("svc", null, 1, true, false)).doesNotThrowAnyException();
        assertThatCode(() -> ListenerPolicy.check("svc", lan, 1, false, true)).doesNotThrowAnyException();
    }

    @Test
    void addressSettingParsesWildcards() {
        org.assertj.core.api.Assertions.assertThat(InternalAuthProperties.address(null)).isNull();
        org.assertj.core.api.Assertions.assertThat(InternalAuthProperties.address("*")).isNull();
        org.assertj.core.api.Assertions.assertThat(InternalAuthProperties.address("0.0.0.0")).isNull();
        org.assertj.core.api.Assertions.assertThat(InternalAuthProperties.address("127.0.0.1").isLoopbackAddress()).isTrue();
    }
}
