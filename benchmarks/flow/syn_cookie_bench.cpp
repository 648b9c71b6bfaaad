// SYN cookies: the cost of answering a SYN (one cookie: two SipHash-2-4 runs over 16 bytes for
// IPv4, 40 for IPv6) and of checking the returning ACK, the work a listener under a SYN flood
// does per packet; SipHash alone for scale.
#include <benchmark/benchmark.h>

#include <array>
#include <wirecraft/flow/syn_cookie.hpp>

namespace {
namespace wc = wirecraft;
using namespace std::chrono_literals;

const wc::syn_cookies cookies(wc::syn_cookie_secret{{0x0123456789abcdefULL, 0x1122334455667788ULL}, {0x99, 0x77}});
constexpr wc::ipv4_address client4{std::array<std::uint8_t, 4>{10, 99, 0, 2}};
constexpr wc::ipv4_address server4{std::array<std::uint8_t, 4>{10, 99, 0, 1}};
constexpr wc::ipv6_address client6{std::array<std::uint8_t, 16>{0xfd, 0, 0, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};
constexpr wc::ipv6_address server6{std::array<std::uint8_t, 16>{0xfd, 0, 0, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};

template <class Address>
void make(benchmark::State& state, const Address& client, const Address& server) {
    wc::tcp_event::segment syn{.source_port = 40000, .destination_port = 80, .sequence_number = 1000, .syn = true, .mss = 1460};
    for (auto _ : state) {
        ++syn.source_port;  // a flood: every SYN from another port
        benchmark::DoNotOptimize(cookies.make(client, server, syn, 5min));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

template <class Address>
void check(benchmark::State& state, const Address& client, const Address& server) {
    const wc::tcp_event::segment syn{.source_port = 40000, .destination_port = 80, .sequence_number = 1000, .syn = true, .mss = 1460};
    const auto cookie = cookies.make(client, server, syn, 5min);
    wc::tcp_event::segment ack{.source_port = 40000, .destination_port = 80, .sequence_number = 1001, .acknowledgment_number = cookie.sequence + 1, .ack = true};
    for (auto _ : state) {
        benchmark::DoNotOptimize(ack);
        benchmark::DoNotOptimize(cookies.check(client, server, ack, 5min + 30s));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_syn_cookie_make_ipv4(benchmark::State& s) { make(s, client4, server4); }
void BM_syn_cookie_check_ipv4(benchmark::State& s) { check(s, client4, server4); }
void BM_syn_cookie_make_ipv6(benchmark::State& s) { make(s, client6, server6); }
void BM_syn_cookie_check_ipv6(benchmark::State& s) { check(s, client6, server6); }

void BM_siphash_16_bytes(benchmark::State& state) {
    std::array<std::byte, 16> message{};
    const wc::siphash_key key{1, 2};
    for (auto _ : state) {
        benchmark::DoNotOptimize(message);
        benchmark::DoNotOptimize(wc::siphash(message, key));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * message.size()));
}

BENCHMARK(BM_syn_cookie_make_ipv4);
BENCHMARK(BM_syn_cookie_check_ipv4);
BENCHMARK(BM_syn_cookie_make_ipv6);
BENCHMARK(BM_syn_cookie_check_ipv6);
BENCHMARK(BM_siphash_16_bytes);

}  // namespace
