// What the CPU can run, asked once per process (__builtin_cpu_supports):
// the vectorised CPU kernels (quant/cpu_quant_kernels, llm/cpu_small_gemm,
// llm/cpu_decode_attention) pick their path from these. False everywhere
// but x86.
#pragma once

namespace facellava::model {

enum class CpuFeature { avx2, fma, f16c, avx512f, avx512bw, avx512vl, avx512vnni };

inline bool cpu_has(CpuFeature feature) {
#if defined(__x86_64__) || defined(__i386__)
    switch (feature) {
        case CpuFeature::avx2:
            return __builtin_cpu_supports("avx2");
        case CpuFeature::fma:
            return __builtin_cpu_supports("fma");
        case CpuFeature::f16c:
            return __builtin_cpu_supports("f16c");
        case CpuFeature::avx512f:
            return __builtin_cpu_supports("avx512f");
        case CpuFeature::avx512bw:
            return __builtin_cpu_supports("avx512bw");
        case CpuFeature::avx512vl:
            return __builtin_cpu_supports("avx512vl");
        case CpuFeature::avx512vnni:
            return __builtin_cpu_supports("avx512vnni");
    }
#endif
    (void)feature;
    return false;
}

// AVX2 with FMA: what every AVX2 kernel here needs.
inline bool cpu_has_avx2_fma() {
    static const bool has = cpu_has(CpuFeature::avx2) && cpu_has(CpuFeature::fma);
    return has;
}

}  // namespace facellava::model
