// Reassembly throughput: IP fragments into datagrams, TCP segments into a byte stream.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <vector>
#include <wirecraft/flow/ip_reassembly.hpp>
#include <wirecraft/flow/tcp_stream.hpp>
#include <wirecraft/wirecraft.hpp>

namespace {
namespace wc = wirecraft;

// A UDP datagram of `size` bytes over IPv4, cut into fragments carrying `mtu_data` bytes each.
std::vector<std::vector<std::byte>> fragments(std::size_t size, std::size_t mtu_data) {
    std::vector<std::byte> data(size, std::byte{0x5a});
    std::vector<std::vector<std::byte>> out;
    for (std::size_t at = 0; at < size; at += mtu_data) {
        const std::size_t n = std::min(mtu_data, size - at);
        out.push_back(wc::to_bytes(wc::ipv4{.identification = 7, .more_fragments = at + n < size, .fragment_offset = static_cast<std::uint16_t>(at / 8),
                                            .protocol = wc::ip_protocol::udp, .source = "10.0.0.1", .destination = "10.0.0.2"} /
                                   wc::payload{std::span(data).subspan(at, n)})
                          .value());
    }
    return out;
}

void run_ip(benchmark::State& state, bool reversed) {
    auto parts = fragments(8880, 1480);  // 6 fragments of a 1500-byte MTU
    if (reversed) std::reverse(parts.begin(), parts.end());
    wc::ip_reassembler r;
    std::size_t bytes = 0;
    for (auto _ : state) {
        for (const auto& p : parts) {
            auto out = r.add(std::span<const std::byte>(p), {});
            if (out.status == wc::reassembly_status::complete) bytes += out.datagram.size();
            benchmark::DoNotOptimize(out);
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
void BM_ip_reassembly_in_order(benchmark::State& state) { run_ip(state, false); }
void BM_ip_reassembly_reversed(benchmark::State& state) { run_ip(state, true); }
BENCHMARK(BM_ip_reassembly_in_order);
BENCHMARK(BM_ip_reassembly_reversed);

// 1460-byte segments: in order (delivered from the segment, no copy), and with each pair swapped
// (every other segment held, then delivered).
void run_stream(benchmark::State& state, bool swapped) {
    static const std::array<std::byte, 1460> text{};
    std::size_t bytes = 0;
    std::uint32_t seq = 1;
    wc::tcp_stream s;
    s.start(seq);
    auto deliver = [&](std::span<const std::byte> b) { bytes += b.size(); };
    for (auto _ : state) {
        if (swapped) {
            s.add(seq + 1460, text, false, deliver);
            s.add(seq, text, false, deliver);
        } else {
            s.add(seq, text, false, deliver);
            s.add(seq + 1460, text, false, deliver);
        }
        seq += 2 * 1460;
    }
    // In order, delivery is a view of the segment: bytes per second would measure nothing.
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 2));
    benchmark::DoNotOptimize(bytes);
}
void BM_tcp_stream_in_order(benchmark::State& state) { run_stream(state, false); }
void BM_tcp_stream_pairs_swapped(benchmark::State& state) { run_stream(state, true); }
BENCHMARK(BM_tcp_stream_in_order);
BENCHMARK(BM_tcp_stream_pairs_swapped);

}  // namespace
