// The TLS handshake machines on OpenSSL's TLS 1.2 full handshake (the first connection of
// tests/data/live/tls_openssl_sessions.pcap):
// - the events alone through both machines (the DSL's dispatch), next to a hand-written switch
//   that checks the same sequence;
// - the connection's stream bytes through tls_handshake_observer: records, messages, facts and
//   both machines, as tls_inspect runs it.
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <utility>
#include <vector>
#include <wirecraft/flow/tls_handshake.hpp>
#include <wirecraft/wirecraft.hpp>

namespace {
namespace wc = wirecraft;
using wc::tls_side;

// Each TCP payload of the connection, with its sender, in capture order.
std::vector<std::pair<tls_side, std::vector<std::byte>>> tls12_segments() {
    const auto data = wc::read_file(std::string(WIRECRAFT_TEST_DATA) + "/live/tls_openssl_sessions.pcap").value();
    auto reader = wc::capture_reader::open(data).value();
    std::vector<std::pair<tls_side, std::vector<std::byte>>> out;
    while (auto p = reader.next().value()) {
        wc::dissect(p->data, static_cast<std::uint32_t>(p->link), [&](const auto& layer) {
            using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
            if constexpr (std::is_same_v<P, wc::tcp>) {
                const auto source = layer.template get<"source_port">(), destination = layer.template get<"destination_port">();
                if (layer.payload().empty() || (source != 4431 && destination != 4431)) return;
                out.emplace_back(destination == 4431 ? tls_side::client : tls_side::server,
                                 std::vector<std::byte>(layer.payload().begin(), layer.payload().end()));
            }
        });
    }
    return out;
}

void BM_tls_observer_tls12_connection(benchmark::State& state) {
    const auto segments = tls12_segments();
    std::size_t bytes = 0;
    for (const auto& s : segments) bytes += s.second.size();
    for (auto _ : state) {
        wc::tls_handshake_observer o;
        for (const auto& [side, payload] : segments) benchmark::DoNotOptimize(o.add(side, payload));
        if (o.client().state_name() != "CLOSED") {
            state.SkipWithError("the connection did not end in CLOSED");
            break;
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_tls_observer_tls12_connection);

// The handshake's events, decoded once: ClientHello ... Finished, as the machines receive them.
template <class Machine>
std::size_t run_tls12_events(Machine& m, const wc::tls_message_facts& hello_from_client, const wc::tls_message_facts& hello_from_server) {
    using namespace wc::tls_event;
    using enum wc::tls_handshake_type;
    constexpr auto c = tls_side::client;
    constexpr auto s = tls_side::server;
    m.process(message<c, wc::tls_handshake_type::client_hello>{hello_from_client});
    m.process(message<s, wc::tls_handshake_type::server_hello>{hello_from_server});
    m.process(message<s, certificate>{});
    m.process(message<s, server_key_exchange>{});
    m.process(message<s, server_hello_done>{});
    m.process(message<c, client_key_exchange>{});
    m.process(change_cipher_spec<c>{});
    m.process(message<c, finished>{});
    m.process(message<s, new_session_ticket>{});
    m.process(change_cipher_spec<s>{});
    m.process(message<s, finished>{});
    return 11;
}

wc::tls_message_facts facts_of_first(tls_side side, wc::tls_handshake_type type) {
    for (const auto& [from, payload] : tls12_segments()) {
        if (from != side) continue;
        const auto record = wc::parse<wc::tls_record>(std::span<const std::byte>(payload)).value();
        const auto message = wc::parse<wc::tls_handshake>(record.payload()).value();
        if (message.get<"msg_type">() == type) return wc::tls_message_facts_of(type, message.payload());
    }
    throw std::runtime_error("no such message");
}

void BM_tls_machines_tls12_events(benchmark::State& state) {
    const auto client_hello = facts_of_first(tls_side::client, wc::tls_handshake_type::client_hello);
    const auto server_hello = facts_of_first(tls_side::server, wc::tls_handshake_type::server_hello);
    std::size_t events = 0;
    for (auto _ : state) {
        wc::tls_handshake_observer::client_machine client;
        wc::tls_handshake_observer::server_machine server;
        events += run_tls12_events(client, client_hello, server_hello);
        events += run_tls12_events(server, client_hello, server_hello);
        if (client.state_name() != "CONNECTED" || server.state_name() != "CONNECTED") {
            state.SkipWithError("the machines did not reach CONNECTED");
            break;
        }
        benchmark::DoNotOptimize(client.context().version);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
}
BENCHMARK(BM_tls_machines_tls12_events);

// By hand: the same sequence checked with a switch on (state, message), the rows this path
// needs and no more (no guards beyond the two the path takes, no failure reasons).
enum class hand_state : std::uint8_t { start, wait_sh, wait_certificate, wait_key_exchange, wait_done, wait_cke, wait_ccs, wait_finished, wait_ticket, wait_server_ccs, wait_server_finished, connected, failed };
struct hand_event {
    tls_side side;
    int type;  // a handshake type, or 20 + 256 for ChangeCipherSpec
};
hand_state hand_step(hand_state s, hand_event e, bool ticket_promised) {
    using enum hand_state;
    const bool client = e.side == tls_side::client;
    switch (s) {
        case start: return client && e.type == 1 ? wait_sh : failed;
        case wait_sh: return !client && e.type == 2 ? wait_certificate : failed;
        case wait_certificate: return !client && e.type == 11 ? wait_key_exchange : failed;
        case wait_key_exchange: return !client && e.type == 12 ? wait_done : failed;
        case wait_done: return !client && e.type == 14 ? wait_cke : failed;
        case wait_cke: return client && e.type == 16 ? wait_ccs : failed;
        case wait_ccs: return client && e.type == 276 ? wait_finished : failed;
        case wait_finished: return client && e.type == 20 ? (ticket_promised ? wait_ticket : wait_server_ccs) : failed;
        case wait_ticket: return !client && e.type == 4 ? wait_server_ccs : failed;
        case wait_server_ccs: return !client && e.type == 276 ? wait_server_finished : failed;
        case wait_server_finished: return !client && e.type == 20 ? connected : failed;
        default: return failed;
    }
}

void BM_tls_machines_tls12_events_by_hand(benchmark::State& state) {
    const std::vector<hand_event> events = {{tls_side::client, 1},   {tls_side::server, 2},  {tls_side::server, 11}, {tls_side::server, 12},
                                            {tls_side::server, 14},  {tls_side::client, 16}, {tls_side::client, 276}, {tls_side::client, 20},
                                            {tls_side::server, 4},   {tls_side::server, 276}, {tls_side::server, 20}};
    std::size_t processed = 0;
    for (auto _ : state) {
        for (int machine = 0; machine < 2; ++machine) {
            hand_state s = hand_state::start;
            for (const auto& e : events) {
                benchmark::DoNotOptimize(e);
                s = hand_step(s, e, true);
            }
            if (s != hand_state::connected) {
                state.SkipWithError("the hand-written check did not reach connected");
                break;
            }
            processed += events.size();
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(processed));
}
BENCHMARK(BM_tls_machines_tls12_events_by_hand);

}  // namespace
