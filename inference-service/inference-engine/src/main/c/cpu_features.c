/* CPU feature probe, read once by Java at load to pick the kernel variants. */
#include "osprey_kernels.h"

int32_t osprey_abi_version(void) {
    return OSPREY_KERNELS_ABI;
}

int32_t osprey_cpu_features(void) {
    int32_t f = 0;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) f |= OSPREY_CPU_AVX2;
    if (__builtin_cpu_supports("fma")) f |= OSPREY_CPU_FMA;
    if (__builtin_cpu_supports("f16c")) f |= OSPREY_CPU_F16C;
    if (__builtin_cpu_supports("avx512f")) f |= OSPREY_CPU_AVX512F;
    if (__builtin_cpu_supports("avx512bw")) f |= OSPREY_CPU_AVX512BW;
    if (__builtin_cpu_supports("avx512vl")) f |= OSPREY_CPU_AVX512VL;
    if (__builtin_cpu_supports("avx512vnni")) f |= OSPREY_CPU_AVX512VNNI;
    if (__builtin_cpu_supports("avxvnni")) f |= OSPREY_CPU_AVXVNNI;
#endif
    return f;
}
