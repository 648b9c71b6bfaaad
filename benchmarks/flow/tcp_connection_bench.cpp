// Events per second through the TCP connection machine: a whole connection's life (passive
// open, handshake, 16 data segments, the peer's FIN, our CLOSE, the last ACK), from decoded
// segments and from the bytes on the wire (parse + decode + machine), and the steady state of
// in-order data in ESTABLISHED.
#include <benchmark/benchmark.h>

#include <array>
#include <vector>
#include <wirecraft/flow/tcp_connection.hpp>

namespace {
namespace wc = wirecraft;
using wc::tcp_event::segment;

constexpr std::array<std::byte, 100> text{};

wc::tcp header(std::uint32_t seq, std::uint32_t ack, bool syn, bool fin) {
    return {.source_port = 40000, .destination_port = 80, .sequence_number = seq, .acknowledgment_number = ack,
            .ack = !syn, .syn = syn, .fin = fin, .window = 65535, .checksum = 0};
}

// The peer's side of one life, as wire bytes: SYN, ACK, 16 x 100 bytes, FIN, ACK of our FIN.
std::vector<std::vector<std::byte>> peer_segments() {
    std::vector<std::vector<std::byte>> out;
    out.push_back(wc::to_bytes(header(100, 0, true, false)).value());
    out.push_back(wc::to_bytes(header(101, 5001, false, false)).value());
    std::uint32_t seq = 101;
    for (int i = 0; i < 16; ++i, seq += 100) out.push_back(wc::to_bytes(header(seq, 5001, false, false), std::span(text)).value());
    out.push_back(wc::to_bytes(header(seq, 5001, false, true)).value());
    out.push_back(wc::to_bytes(header(seq + 1, 5002, false, false)).value());
    return out;
}

template <class Feed>
std::size_t one_life(wc::tcp_connection& c, const Feed& feed, std::size_t segments) {
    c.process(wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 5000});
    for (std::size_t i = 0; i + 1 < segments; ++i) feed(i);
    c.process(wc::tcp_event::close{});
    feed(segments - 1);
    if (!c.is(wirecraft::fsm::state<"CLOSED">)) throw std::logic_error("the life did not end in CLOSED");
    return segments + 2;
}

void BM_tcp_connection_life_decoded(benchmark::State& state) {
    const auto wire = peer_segments();
    std::vector<segment> decoded;
    for (const auto& w : wire) decoded.push_back(segment::from(wc::parse<wc::tcp>(std::span<const std::byte>(w)).value()));
    std::size_t events = 0;
    for (auto _ : state) {
        wc::tcp_connection c;
        events += one_life(c, [&](std::size_t i) { benchmark::DoNotOptimize(c.process(decoded[i])); }, decoded.size());
        benchmark::DoNotOptimize(c.tcb().receive_next);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
}
BENCHMARK(BM_tcp_connection_life_decoded);

void BM_tcp_connection_life_from_bytes(benchmark::State& state) {
    const auto wire = peer_segments();
    std::size_t events = 0;
    for (auto _ : state) {
        wc::tcp_connection c;
        events += one_life(c, [&](std::size_t i) {
            auto v = wc::parse<wc::tcp>(std::span<const std::byte>(wire[i]));
            benchmark::DoNotOptimize(c.process(*v));
        }, wire.size());
        benchmark::DoNotOptimize(c.tcb().receive_next);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
}
BENCHMARK(BM_tcp_connection_life_from_bytes);

// In-order 100-byte segments into ESTABLISHED: acceptability, ACK, text, the ACK we send.
void BM_tcp_connection_established_data(benchmark::State& state) {
    wc::tcp_connection c;
    c.process(wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 5000});
    c.process(segment{.source_port = 40000, .destination_port = 80, .sequence_number = 100, .syn = true, .window = 65535});
    c.process(segment{.source_port = 40000, .destination_port = 80, .sequence_number = 101, .acknowledgment_number = 5001, .ack = true,
                      .window = 65535});
    segment data{.source_port = 40000, .destination_port = 80, .sequence_number = 101, .acknowledgment_number = 5001, .ack = true,
                 .window = 65535, .payload = std::span(text)};
    for (auto _ : state) {
        benchmark::DoNotOptimize(c.process(data));
        data.sequence_number += 100;
    }
    if (!c.is(wirecraft::fsm::state<"ESTABLISHED">)) state.SkipWithError("left ESTABLISHED");
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_tcp_connection_established_data);

}  // namespace
