// RFC 1071 Internet checksum throughput at common packet sizes: wirecraft's run-time path,
// its constexpr path (what constant evaluation uses), and the textbook loop from RFC 1071
// section 4.1 as the baseline. Reported as bytes/second; the goal is >= 20 GB/s at 1500 B.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include <wirecraft/checksum/crc32.hpp>
#include <wirecraft/checksum/internet.hpp>

namespace {

std::vector<std::byte> pattern(std::size_t n) {
    std::vector<std::byte> v(n);
    std::uint32_t x = 0x12345678;
    for (auto& b : v) {  // xorshift: no runs of zeros for the adder to exploit
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        b = static_cast<std::byte>(x);
    }
    return v;
}

// RFC 1071 4.1, "C" implementation, over bytes read big-endian.
std::uint16_t rfc1071_loop(const std::byte* p, std::size_t count) {
    std::uint32_t sum = 0;
    while (count > 1) {
        sum += static_cast<std::uint32_t>(std::to_integer<unsigned>(p[0]) << 8 | std::to_integer<unsigned>(p[1]));
        p += 2;
        count -= 2;
    }
    if (count > 0) sum += std::to_integer<unsigned>(p[0]) << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

void BM_checksum_wirecraft(benchmark::State& state) {
    const auto data = pattern(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(wirecraft::internet_checksum(data));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_checksum_wirecraft_unaligned(benchmark::State& state) {  // odd start address
    const auto data = pattern(static_cast<std::size_t>(state.range(0)) + 1);
    const auto view = std::span<const std::byte>(data).subspan(1);
    for (auto _ : state) benchmark::DoNotOptimize(wirecraft::internet_checksum(view));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_checksum_constexpr_path(benchmark::State& state) {
    const auto data = pattern(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(wirecraft::detail::checksum_partial_constexpr(data, 0));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_checksum_rfc1071_loop(benchmark::State& state) {
    const auto data = pattern(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(rfc1071_loop(data.data(), data.size()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_crc32_ethernet_fcs(benchmark::State& state) {
    const auto data = pattern(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(wirecraft::crc32(data));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

}  // namespace

BENCHMARK(BM_checksum_wirecraft)->Arg(20)->Arg(64)->Arg(576)->Arg(1500)->Arg(9000);
BENCHMARK(BM_checksum_wirecraft_unaligned)->Arg(20)->Arg(64)->Arg(576)->Arg(1500)->Arg(9000);
BENCHMARK(BM_checksum_constexpr_path)->Arg(20)->Arg(64)->Arg(576)->Arg(1500)->Arg(9000);
BENCHMARK(BM_checksum_rfc1071_loop)->Arg(20)->Arg(64)->Arg(576)->Arg(1500)->Arg(9000);
BENCHMARK(BM_crc32_ethernet_fcs)->Arg(64)->Arg(1500);
