// Dispatch cost: events through an fsm::machine and through the hand-written switch a C
// programmer would write for the same machine. The machine: a TCP-like connection life cycle
// of 8 states, where one event type (a segment's kind) is handled by every state, with guards
// on some rows and a counter updated by the actions. The event stream cycles through a full
// life (open, data, close) so that every row fires.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <wirecraft/fsm/machine.hpp>

namespace {
namespace fsm = wirecraft::fsm;
using namespace fsm::literals;

enum class kind : std::uint8_t { syn, syn_ack, ack, data, fin, rst };
struct segment {
    kind k;
};
struct counters {
    std::uint32_t data = 0, resets = 0;
};

constexpr bool is(const segment& s, kind k) { return s.k == k; }

struct life {
    static constexpr auto table() {
        using namespace fsm;
        auto on = [](kind k) { return [k](const segment& s) { return is(s, k); }; };
        auto count_data = [](counters& c) { ++c.data; };
        auto count_reset = [](counters& c) { ++c.resets; };
        return make_table(
            *"closed"_s + event<segment>[on(kind::syn)] = "syn_received"_s,
             "closed"_s + event<segment>[on(kind::syn_ack)] = "established"_s,
             "syn_received"_s + event<segment>[on(kind::ack)] = "established"_s,
             "syn_received"_s + event<segment>[on(kind::rst)] / count_reset = "closed"_s,
             "established"_s + event<segment>[on(kind::data)] / count_data,
             "established"_s + event<segment>[on(kind::fin)] = "close_wait"_s,
             "established"_s + event<segment>[on(kind::rst)] / count_reset = "closed"_s,
             "close_wait"_s + event<segment>[on(kind::ack)] = "last_ack"_s,
             "close_wait"_s + event<segment>[on(kind::data)] / count_data,
             "last_ack"_s + event<segment>[on(kind::ack)] = "time_wait"_s,
             "last_ack"_s + event<segment>[on(kind::fin)] = "closing"_s,
             "closing"_s + event<segment>[on(kind::ack)] = "time_wait"_s,
             "time_wait"_s + event<segment>[on(kind::fin)],
             "time_wait"_s + event<segment>[on(kind::syn)] = "syn_received"_s,
             "time_wait"_s + event<segment>[on(kind::rst)] = "closed"_s,
             "fin_wait"_s + event<segment>[on(kind::ack)] = "time_wait"_s,
             "established"_s + event<segment>[on(kind::syn)] = "fin_wait"_s);
    }
};

// One life: 16 events, every state visited.
constexpr std::array<segment, 16> stream = {{{kind::syn}, {kind::ack}, {kind::data}, {kind::data}, {kind::fin}, {kind::data},
                                             {kind::ack}, {kind::fin}, {kind::ack}, {kind::fin}, {kind::syn}, {kind::ack},
                                             {kind::syn}, {kind::ack}, {kind::rst}, {kind::syn}}};

void BM_fsm_dispatch_wirecraft(benchmark::State& state) {
    fsm::machine<life, counters> m;
    for (auto _ : state) {
        for (const auto& s : stream) benchmark::DoNotOptimize(m.process(s));
    }
    benchmark::DoNotOptimize(m.context().data);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}

// The same machine as a switch over states, with the rows of each state as if-chains.
enum class st : std::uint8_t { closed, syn_received, established, close_wait, last_ack, closing, time_wait, fin_wait };
struct hand_machine {
    st s = st::closed;
    counters c;
    bool process(const segment& e) {
        switch (s) {
            case st::closed:
                if (is(e, kind::syn)) { s = st::syn_received; return true; }
                if (is(e, kind::syn_ack)) { s = st::established; return true; }
                return false;
            case st::syn_received:
                if (is(e, kind::ack)) { s = st::established; return true; }
                if (is(e, kind::rst)) { ++c.resets; s = st::closed; return true; }
                return false;
            case st::established:
                if (is(e, kind::data)) { ++c.data; return true; }
                if (is(e, kind::fin)) { s = st::close_wait; return true; }
                if (is(e, kind::rst)) { ++c.resets; s = st::closed; return true; }
                if (is(e, kind::syn)) { s = st::fin_wait; return true; }
                return false;
            case st::close_wait:
                if (is(e, kind::ack)) { s = st::last_ack; return true; }
                if (is(e, kind::data)) { ++c.data; return true; }
                return false;
            case st::last_ack:
                if (is(e, kind::ack)) { s = st::time_wait; return true; }
                if (is(e, kind::fin)) { s = st::closing; return true; }
                return false;
            case st::closing:
                if (is(e, kind::ack)) { s = st::time_wait; return true; }
                return false;
            case st::time_wait:
                if (is(e, kind::fin)) return true;
                if (is(e, kind::syn)) { s = st::syn_received; return true; }
                if (is(e, kind::rst)) { s = st::closed; return true; }
                return false;
            case st::fin_wait:
                if (is(e, kind::ack)) { s = st::time_wait; return true; }
                return false;
        }
        return false;
    }
};

void BM_fsm_dispatch_handwritten(benchmark::State& state) {
    hand_machine m;
    for (auto _ : state) {
        for (const auto& s : stream) benchmark::DoNotOptimize(m.process(s));
    }
    benchmark::DoNotOptimize(m.c.data);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
}  // namespace

BENCHMARK(BM_fsm_dispatch_wirecraft);
BENCHMARK(BM_fsm_dispatch_handwritten);
