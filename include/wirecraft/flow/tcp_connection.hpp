// The TCP connection machine: RFC 9293's eleven states and its "event processing" rules
// (section 3.10), with RFC 5961's defences against blind resets, SYNs and data injection, and
// keepalive as Linux does it (tcp_keepalive_time / _intvl / _probes). It is driven by parsed
// segments and by the user calls OPEN, SEND, CLOSE and ABORT, plus clock ticks for its timers;
// it answers with the segment the RFC says to send, crafted as a wc::tcp header.
//
//   wc::tcp_connection c({.keepalive = true});
//   c.process(wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 5000});
//   c.process(wc::tcp_event::segment::from(syn_view));  // -> SYN-RECEIVED
//   if (c.reply()) send(c.reply()->header, c.reply()->payload);  // the SYN-ACK
//
// The table below is the machine; each row names its guard and action, so the exported
// diagram (docs/tcp-states.dot) is the RFC's diagram with its conditions spelled out. Left out
// on purpose: retransmission and congestion control (the caller resends what SND.UNA shows
// unacknowledged), urgent data, window scaling and timestamps, challenge-ACK rate limits.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

#include "../fsm/fsm.hpp"
#include "../proto/tcp.hpp"
#include "sequence.hpp"
#include "time.hpp"

namespace wirecraft {

using tcp_time = flow_time;

struct tcp_settings {
    std::uint16_t mss = 1460;                 // announced in our SYN
    std::uint16_t receive_window = 65535;     // RCV.WND, advertised in every segment
    tcp_time time_wait = std::chrono::minutes(4);  // 2 MSL with RFC 9293's MSL of 2 minutes (Linux: 60 s)
    bool keepalive = false;                   // SO_KEEPALIVE
    tcp_time keepalive_time = std::chrono::hours(2);        // idle time before the first probe
    tcp_time keepalive_interval = std::chrono::seconds(75); // between unanswered probes
    std::uint8_t keepalive_probes = 9;                      // unanswered probes before giving up
};

// ---- events ----------------------------------------------------------------------------------

namespace tcp_event {

struct passive_open {  // OPEN, passive: wait for a SYN
    static constexpr std::string_view name = "passive OPEN";
    std::uint16_t local_port = 0;
    std::uint32_t initial_sequence = 0;  // the ISS our SYN-ACK will use
};
struct active_open {  // OPEN, active: send a SYN
    static constexpr std::string_view name = "active OPEN";
    std::uint16_t local_port = 0;
    std::uint16_t remote_port = 0;
    std::uint32_t initial_sequence = 0;
};
struct send {  // SEND: as much of `data` as the window and MSS allow goes into one segment
    static constexpr std::string_view name = "SEND";
    std::span<const std::byte> data{};
};
struct close {
    static constexpr std::string_view name = "CLOSE";
};
struct abort {
    static constexpr std::string_view name = "ABORT";
};
struct tick {  // the clock: fires the 2MSL and keepalive timers that are due
    static constexpr std::string_view name = "tick";
    tcp_time now{};
};

// SEGMENT ARRIVES: the fields the rules read, decoded once from the codec's view.
struct segment {
    static constexpr std::string_view name = "segment";
    std::uint16_t source_port = 0;
    std::uint16_t destination_port = 0;
    std::uint32_t sequence_number = 0;
    std::uint32_t acknowledgment_number = 0;
    bool ack = false;
    bool rst = false;
    bool syn = false;
    bool fin = false;
    std::uint32_t window = 0;  // SEG.WND: the header's field, shifted by the sender's window scale if known
    std::uint16_t mss = 0;     // a SYN's MSS option; 0 if absent
    std::span<const std::byte> payload{};

    // SEG.LEN: the sequence numbers the segment occupies.
    constexpr std::uint32_t length() const {
        return static_cast<std::uint32_t>(payload.size()) + (syn ? 1u : 0u) + (fin ? 1u : 0u);
    }

    static constexpr segment from(const view<tcp>& v) {
        segment s{.source_port = v.get<"source_port">(),
                  .destination_port = v.get<"destination_port">(),
                  .sequence_number = v.get<"sequence_number">(),
                  .acknowledgment_number = v.get<"acknowledgment_number">(),
                  .ack = v.get<"ack">(),
                  .rst = v.get<"rst">(),
                  .syn = v.get<"syn">(),
                  .fin = v.get<"fin">(),
                  .window = v.get<"window">(),
                  .payload = v.payload()};
        if (s.syn) {
            for (const auto& option : v.get<"options">()) {
                if (option.kind != tcp_option_kind::maximum_segment_size) continue;
                if (auto mss = parse<tcp_mss_option>(option.data)) s.mss = mss->get<"value">();
            }
        }
        return s;
    }
};

}  // namespace tcp_event

// A segment the machine would send: the header (checksum left for the stack to compute) and
// the bytes it carries, a view of the data given to SEND.
struct tcp_reply {
    tcp header{};
    std::span<const std::byte> payload{};
};

// ---- the transmission control block ------------------------------------------------------------

struct tcp_control_block {
    tcp_settings settings{};
    std::uint16_t local_port = 0;
    std::uint16_t remote_port = 0;

    // Send sequence space (RFC 9293 section 3.3.1).
    std::uint32_t initial_send_sequence = 0;  // ISS
    std::uint32_t send_unacknowledged = 0;    // SND.UNA
    std::uint32_t send_next = 0;              // SND.NXT
    std::uint32_t send_window = 0;            // SND.WND
    std::uint32_t send_window_sequence = 0;   // SND.WL1: SEG.SEQ of the last window update
    std::uint32_t send_window_ack = 0;        // SND.WL2: SEG.ACK of the last window update
    std::uint32_t max_send_window = 0;        // MAX.SND.WND (RFC 5961 section 5)
    std::uint16_t send_mss = 536;             // the peer's MSS; 536 if it sent none (RFC 9293 3.7.1)
    bool fin_sent = false;                    // our FIN is the sequence number before SND.NXT

    // Receive sequence space.
    std::uint32_t initial_receive_sequence = 0;  // IRS
    std::uint32_t receive_next = 0;              // RCV.NXT
    std::uint32_t receive_window = 0;            // RCV.WND

    bool opened_passively = false;  // SYN-RECEIVED returns to LISTEN on RST, not to CLOSED

    // Timers.
    tcp_time now{};             // the last tick
    tcp_time last_received{};   // when the last acceptable segment arrived (keepalive idle time)
    tcp_time time_wait_ends{};  // TIME-WAIT's 2MSL deadline
    tcp_time last_probe{};      // when the last keepalive probe went out
    std::uint8_t probes_unanswered = 0;

    // What the last event did.
    std::optional<tcp_reply> reply{};          // the segment to send, if any
    std::span<const std::byte> received{};     // in-order data the segment delivered (a view of it)
    std::size_t sent = 0;                      // how many bytes of a SEND went into the reply
    std::string_view note{};                   // the rule that handled the event, in the RFC's terms
    std::string_view error{};                  // what the user is told: "connection reset", ...

    constexpr std::uint32_t bytes_in_flight() const { return send_next - send_unacknowledged; }
};

namespace tcp_rules {

using tcp_event::segment;
using tcb = tcp_control_block;
namespace seq = sequence;

// ---- crafting -------------------------------------------------------------------------------

constexpr tcp header(const tcb& t, std::uint32_t seq_number) {
    return tcp{.source_port = t.local_port, .destination_port = t.remote_port, .sequence_number = seq_number,
               .window = static_cast<std::uint16_t>(std::min<std::uint32_t>(t.receive_window, 0xffff))};
}
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
constexpr tcp ack_segment(const tcb& t) {
    tcp h = header(t, t.send_next);
    h.acknowledgment_number = t.receive_next;
    h.ack = true;
    return h;
}
constexpr void send_ack(tcb& t) { t.reply = tcp_reply{ack_segment(t)}; }
// A reset answering segment s, from s's ports: <SEQ=SEG.ACK><CTL=RST> if it had an ACK, else
// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
constexpr void reset_answering(tcb& t, const segment& s) {
    tcp h{.source_port = s.destination_port, .destination_port = s.source_port, .window = 0};
    if (s.ack) {
        h.sequence_number = s.acknowledgment_number;
    } else {
        h.acknowledgment_number = s.sequence_number + s.length();
        h.ack = true;
    }
    h.rst = true;
    t.reply = tcp_reply{h};
}
constexpr void send_syn(tcb& t, bool with_ack) {
    tcp h = header(t, t.initial_send_sequence);
    h.syn = true;
    if (with_ack) {
        h.ack = true;
        h.acknowledgment_number = t.receive_next;
    }
    h.options = {tcp_options::mss(t.settings.mss)};
    t.reply = tcp_reply{h};
}
constexpr void send_fin(tcb& t) {
    tcp h = ack_segment(t);
    h.fin = true;
    t.reply = tcp_reply{h};
    t.fin_sent = true;
    ++t.send_next;
}

// ---- what a segment is ------------------------------------------------------------------------

// RFC 9293's four-case acceptability test (section 3.10.7.4, first check).
constexpr bool acceptable(const tcb& t, const segment& s) {
    const std::uint32_t length = s.length(), window = t.receive_window;
    if (window == 0) return length == 0 && s.sequence_number == t.receive_next;
    if (seq::in_window(s.sequence_number, t.receive_next, window)) return true;
    return length > 0 && seq::in_window(s.sequence_number + length - 1, t.receive_next, window);
}
// SND.UNA < SEG.ACK =< SND.NXT: the ACK covers something new that we sent.
constexpr bool acks_new_data(const tcb& t, const segment& s) {
    return seq::lt(t.send_unacknowledged, s.acknowledgment_number) && seq::le(s.acknowledgment_number, t.send_next);
}
constexpr bool acks_our_fin(const tcb& t, const segment& s) {
    return t.fin_sent && s.ack && s.acknowledgment_number == t.send_next;
}
// New data after RCV.NXT that fits the window: what the text step will take.
constexpr std::size_t new_data_offset(const tcb& t, const segment& s) {
    return static_cast<std::size_t>(t.receive_next - s.sequence_number);
}
// The FIN is processed only when everything before it has arrived and fits the window.
constexpr bool fin_in_order(const tcb& t, const segment& s) {
    if (!s.fin || seq::gt(s.sequence_number, t.receive_next)) return false;
    const std::uint32_t data_end = s.sequence_number + static_cast<std::uint32_t>(s.payload.size());
    return seq::le(t.receive_next, data_end) && data_end - t.receive_next <= t.receive_window;
}

// ---- what a segment does ----------------------------------------------------------------------

// The fifth step, for an acceptable ACK: advance SND.UNA and take the window (RFC 9293
// 3.10.7.4), and count the segment as a sign of life for keepalive.
constexpr void take_ack(tcb& t, const segment& s) {
    t.last_received = t.now;
    t.probes_unanswered = 0;
    if (acks_new_data(t, s)) t.send_unacknowledged = s.acknowledgment_number;
    const bool newer = seq::lt(t.send_window_sequence, s.sequence_number) ||
                       (t.send_window_sequence == s.sequence_number && seq::le(t.send_window_ack, s.acknowledgment_number));
    if (seq::le(t.send_unacknowledged, s.acknowledgment_number) && seq::le(s.acknowledgment_number, t.send_next) && newer) {
        t.send_window = s.window;
        t.send_window_sequence = s.sequence_number;
        t.send_window_ack = s.acknowledgment_number;
        t.max_send_window = std::max<std::uint32_t>(t.max_send_window, s.window);
    }
}
// The seventh and eighth steps: take in-order text, then an in-order FIN; acknowledge either.
constexpr void take_text_and_fin(tcb& t, const segment& s) {
    const bool had_fin = fin_in_order(t, s);
    if (!s.payload.empty()) {
        if (seq::gt(s.sequence_number, t.receive_next)) {
            t.note = "data beyond RCV.NXT (out of order): not taken, ACK sent";
        } else {
            const std::size_t skip = new_data_offset(t, s);
            if (skip < s.payload.size()) {
                const std::size_t take = std::min<std::size_t>(s.payload.size() - skip, t.receive_window);
                t.received = s.payload.subspan(skip, take);
                t.receive_next += static_cast<std::uint32_t>(take);
            }
        }
        send_ack(t);
    }
    if (had_fin) {
        t.receive_next += 1;
        send_ack(t);
    } else if (s.fin && s.payload.empty()) {
        t.note = "FIN beyond RCV.NXT (out of order): not taken, ACK sent";
        send_ack(t);
    }
}
constexpr void establish(tcb& t, const segment& s) {
    t.send_window = s.window;
    t.max_send_window = s.window;
    t.send_window_sequence = s.sequence_number;
    t.send_window_ack = s.acknowledgment_number;
    if (s.mss != 0) t.send_mss = s.mss;
}
constexpr void synchronize(tcb& t, const segment& s) {  // the peer's SYN: IRS, RCV.NXT
    t.initial_receive_sequence = s.sequence_number;
    t.receive_next = s.sequence_number + 1;
    if (s.mss != 0) t.send_mss = s.mss;
    t.last_received = t.now;
}

// A fresh block for a new connection; the settings, the clock and the event's results stay.
constexpr void start_over(tcb& t, std::uint16_t local_port, std::uint32_t initial_sequence) {
    tcb fresh{.settings = t.settings, .local_port = local_port, .initial_send_sequence = initial_sequence,
              .receive_window = t.settings.receive_window, .now = t.now};
    fresh.reply = std::move(t.reply);
    fresh.note = t.note;
    fresh.error = t.error;
    t = std::move(fresh);
}
// SYN-RECEIVED of a passive open forgets the peer and listens again, with the same ISS.
constexpr void back_to_listen(tcb& t) {
    start_over(t, t.local_port, t.initial_send_sequence);
    t.opened_passively = true;
}

// ---- naming rows --------------------------------------------------------------------------

// A row's action: records the rule's text as the event's note (and names it in the diagram).
template <fixed_string Text, class F>
struct step_fn {
    [[no_unique_address]] F body;
    template <class E>
    constexpr void operator()(tcb& t, const E& e) const {
        t.note = Text.view();
        fsm::detail::call(body, t, e);
    }
};
template <fixed_string Text, class F>
constexpr auto step(F body) {
    return fsm::action<Text>(step_fn<Text, F>{body});
}
template <fixed_string Text>
constexpr auto step() {
    return step<Text>([] {});
}
template <fixed_string Name, class F>
constexpr auto when(F f) {
    return fsm::guard<Name>(f);
}

// ---- guards ---------------------------------------------------------------------------------

inline constexpr auto has_rst = when<"RST">([](const segment& s) { return s.rst; });
inline constexpr auto has_ack = when<"ACK">([](const segment& s) { return s.ack; });
inline constexpr auto has_syn = when<"SYN">([](const segment& s) { return s.syn; });
inline constexpr auto no_ack = when<"no ACK">([](const segment& s) { return !s.ack; });
inline constexpr auto not_acceptable = when<"not acceptable">([](const tcb& t, const segment& s) { return !acceptable(t, s); });
inline constexpr auto rst_not_acceptable = when<"RST, not acceptable">([](const tcb& t, const segment& s) { return s.rst && !acceptable(t, s); });
inline constexpr auto exact_rst = when<"RST, SEQ = RCV.NXT">([](const tcb& t, const segment& s) {
    return s.rst && s.sequence_number == t.receive_next;
});
inline constexpr auto acks_unsent = when<"ACK > SND.NXT">([](const tcb& t, const segment& s) {
    return seq::gt(s.acknowledgment_number, t.send_next);
});
inline constexpr auto ack_too_old = when<"ACK < SND.UNA - MAX.SND.WND">([](const tcb& t, const segment& s) {
    return seq::lt(s.acknowledgment_number, t.send_unacknowledged - t.max_send_window);
});
inline constexpr auto fin = when<"FIN">([](const tcb& t, const segment& s) { return fin_in_order(t, s); });
inline constexpr auto ack_of_fin = when<"ACK of FIN">([](const tcb& t, const segment& s) { return acks_our_fin(t, s); });
inline constexpr auto ack_of_fin_and_fin = when<"ACK of FIN, FIN">([](const tcb& t, const segment& s) {
    return acks_our_fin(t, s) && fin_in_order(t, s);
});

// ---- actions --------------------------------------------------------------------------------

// SYN-RECEIVED's acceptable ACK: the connection is open, and the segment goes on to ESTABLISHED's steps.
inline constexpr auto establish_and_take = [](tcb& t, const segment& s) {
    establish(t, s);
    take_ack(t, s);
    take_text_and_fin(t, s);
};

inline constexpr auto ack_and_drop = step<"send ACK, drop">([](tcb& t) { send_ack(t); });
inline constexpr auto challenge_ack = step<"challenge ACK">([](tcb& t) { send_ack(t); });
inline constexpr auto take = step<"take ACK, text, FIN">([](tcb& t, const segment& s) {
    take_ack(t, s);
    take_text_and_fin(t, s);
});
inline constexpr auto take_ack_only = step<"take ACK">([](tcb& t, const segment& s) { take_ack(t, s); });
inline constexpr auto connection_reset = step<"connection reset">([](tcb& t) { t.error = "connection reset"; });
inline constexpr auto reset_closes = step<"RST: close">([] {});
inline constexpr auto abort_with_reset = step<"send RST">([](tcb& t) {
    tcp h = header(t, t.send_next);
    h.rst = true;
    t.reply = tcp_reply{h};
    t.error = "connection aborted";
});
inline constexpr auto abort_quietly = step<"delete TCB">([](tcb& t) { t.error = "connection aborted"; });
inline constexpr auto close_with_fin = step<"send FIN">([](tcb& t) { send_fin(t); });
inline constexpr auto send_data = step<"send data">([](tcb& t, const tcp_event::send& e) {
    const std::uint32_t window_end = t.send_unacknowledged + t.send_window;
    const std::uint32_t usable = seq::lt(t.send_next, window_end) ? window_end - t.send_next : 0;
    const std::size_t n = std::min<std::size_t>({e.data.size(), usable, t.send_mss});
    t.sent = n;
    if (n == 0) {
        t.note = e.data.empty() ? "send: nothing to send" : "send: the peer's window is closed";
        return;
    }
    tcp h = ack_segment(t);
    h.psh = n == e.data.size();
    t.reply = tcp_reply{h, e.data.first(n)};
    t.send_next += static_cast<std::uint32_t>(n);
});

// The first checks of RFC 9293 3.10.7.4 that every synchronized state but SYN-RECEIVED shares:
// sequence number, RST (RFC 5961 section 3), SYN (section 4), ACK (section 5). What a state does
// with an exact RST, and with an acceptable segment, follows the group in its own rows.
template <class State, class ResetAction>
constexpr auto synchronized_checks(State s, ResetAction on_reset) {
    using namespace fsm;
    using tcp_event::segment;
    return rows(
        s + event<segment>[rst_not_acceptable] / step<"RST outside the window: dropped">(),
        s + event<segment>[not_acceptable] / step<"not acceptable: send ACK">(send_ack),
        s + event<segment>[exact_rst] / on_reset = state<"CLOSED">,
        s + event<segment>[has_rst] / challenge_ack,
        s + event<segment>[has_syn] / challenge_ack,
        s + event<segment>[no_ack] / step<"no ACK: drop">(),
        s + event<segment>[acks_unsent] / ack_and_drop,
        s + event<segment>[ack_too_old] / ack_and_drop);
}

// Keepalive, as Linux runs it: when nothing is in flight and the peer has been silent for
// keepalive_time, probe with <SEQ=SND.UNA-1><ACK=RCV.NXT>, which any live peer must answer with
// an ACK; repeat every keepalive_interval; after keepalive_probes unanswered probes, reset.
constexpr bool keepalive_due(const tcb& t, const tcp_event::tick& k) {
    if (!t.settings.keepalive || t.send_next != t.send_unacknowledged) return false;
    const tcp_time due = t.probes_unanswered == 0 ? t.last_received + t.settings.keepalive_time
                                                  : t.last_probe + t.settings.keepalive_interval;
    return k.now >= due;
}
inline constexpr auto probe_due = when<"keepalive due">(keepalive_due);
inline constexpr auto probes_exhausted = when<"keepalive probes unanswered">([](const tcb& t, const tcp_event::tick& k) {
    return keepalive_due(t, k) && t.probes_unanswered >= t.settings.keepalive_probes;
});
inline constexpr auto send_probe = step<"send keepalive probe">([](tcb& t) {
    tcp h = ack_segment(t);
    h.sequence_number = t.send_unacknowledged - 1;
    t.reply = tcp_reply{h};
    t.last_probe = t.now;
    ++t.probes_unanswered;
});
inline constexpr auto keepalive_reset = step<"keepalive timed out: send RST">([](tcb& t) {
    tcp h = ack_segment(t);  // Linux's active reset: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>
    h.rst = true;
    t.reply = tcp_reply{h};
    t.error = "connection timed out";
});
template <class State>
constexpr auto keepalive(State s) {
    using namespace fsm;
    return rows(s + event<tcp_event::tick>[probes_exhausted] / keepalive_reset = state<"CLOSED">,
                s + event<tcp_event::tick>[probe_due] / send_probe);
}

// User calls that a state does not take: RFC 9293 3.10's error responses.
inline constexpr auto refuse_call = [](tcb& t, std::string_view state, const auto& e) {
    using E = std::remove_cvref_t<decltype(e)>;
    if constexpr (std::is_same_v<E, tcp_event::tick>) {
        return;  // no timer runs in this state
    } else {
        t.note = "call refused";
        if (state == "CLOSED") t.error = "connection does not exist";
        else if constexpr (std::is_same_v<E, tcp_event::passive_open> || std::is_same_v<E, tcp_event::active_open>)
            t.error = "connection already exists";
        else if (state == "LISTEN" || state == "SYN-SENT" || state == "SYN-RECEIVED") t.error = "connection not yet open";
        else t.error = "connection closing";
    }
};

}  // namespace tcp_rules

// The machine's table. Rows for one state and event are tried in order, as the RFC's steps are.
struct tcp_connection_table {
    static constexpr auto table() {
        using namespace fsm;
        using namespace tcp_rules;
        using tcp_event::segment;
        constexpr auto closed = state<"CLOSED">;
        constexpr auto listen = state<"LISTEN">;
        constexpr auto syn_sent = state<"SYN-SENT">;
        constexpr auto syn_received = state<"SYN-RECEIVED">;
        constexpr auto established = state<"ESTABLISHED">;
        constexpr auto fin_wait_1 = state<"FIN-WAIT-1">;
        constexpr auto fin_wait_2 = state<"FIN-WAIT-2">;
        constexpr auto close_wait = state<"CLOSE-WAIT">;
        constexpr auto closing = state<"CLOSING">;
        constexpr auto last_ack = state<"LAST-ACK">;
        constexpr auto time_wait = state<"TIME-WAIT">;

        return make_table(
            // CLOSED (3.10.7.1): every segment but a RST is answered with a RST.
            *closed + event<tcp_event::passive_open> / step<"listen">([](tcb& t, const tcp_event::passive_open& e) {
                start_over(t, e.local_port, e.initial_sequence);
                t.opened_passively = true;
            }) = listen,
            closed + event<tcp_event::active_open> / step<"send SYN">([](tcb& t, const tcp_event::active_open& e) {
                start_over(t, e.local_port, e.initial_sequence);
                t.remote_port = e.remote_port;
                t.send_unacknowledged = e.initial_sequence;
                t.send_next = e.initial_sequence + 1;
                send_syn(t, false);
            }) = syn_sent,
            closed + event<segment>[has_rst] / step<"RST: dropped">(),
            closed + event<segment> / step<"no connection: send RST">(reset_answering),

            // LISTEN (3.10.7.2)
            listen + event<segment>[has_rst] / step<"RST: ignored">(),
            listen + event<segment>[has_ack] / step<"ACK: send RST">(reset_answering),
            listen + event<segment>[has_syn] / step<"SYN: send SYN-ACK">([](tcb& t, const segment& s) {
                t.remote_port = s.source_port;
                synchronize(t, s);
                t.send_unacknowledged = t.initial_send_sequence;
                t.send_next = t.initial_send_sequence + 1;
                send_syn(t, true);
            }) = syn_received,
            listen + event<segment> / step<"neither SYN nor RST: dropped">(),
            listen + event<tcp_event::close> / step<"stop listening">() = closed,
            listen + event<tcp_event::abort> / abort_quietly = closed,

            // SYN-SENT (3.10.7.3)
            syn_sent + event<segment>[when<"bad ACK, RST">([](const tcb& t, const segment& s) {
                return s.ack && !acks_new_data(t, s) && s.rst;
            })] / step<"RST with a bad ACK: dropped">(),
            syn_sent + event<segment>[when<"bad ACK">([](const tcb& t, const segment& s) {
                return s.ack && !acks_new_data(t, s);
            })] / step<"bad ACK: send RST">(reset_answering),
            syn_sent + event<segment>[when<"RST, ACK">([](const segment& s) { return s.rst && s.ack; })] /
                    step<"RST: connection reset">([](tcb& t) { t.error = "connection reset"; }) = closed,
            syn_sent + event<segment>[has_rst] / step<"RST without ACK: dropped">(),
            syn_sent + event<segment>[when<"SYN, ACK">([](const segment& s) { return s.syn && s.ack; })] /
                    step<"SYN-ACK: send ACK">([](tcb& t, const segment& s) {
                        synchronize(t, s);
                        t.send_unacknowledged = s.acknowledgment_number;
                        establish(t, s);
                        send_ack(t);
                    }) = established,
            syn_sent + event<segment>[has_syn] / step<"simultaneous open: send SYN-ACK">([](tcb& t, const segment& s) {
                synchronize(t, s);
                send_syn(t, true);
            }) = syn_received,
            syn_sent + event<segment> / step<"neither SYN nor RST: dropped">(),
            syn_sent + event<tcp_event::close> / step<"delete TCB">() = closed,
            syn_sent + event<tcp_event::abort> / abort_quietly = closed,

            // SYN-RECEIVED: its own RST, SYN and ACK rules. First, the peer's SYN-ACK in a
            // simultaneous open (RFC 9293 figure 8, line 6): by the letter of the sequence test its
            // SYN is old, so it is accepted as Linux does, when it acks our SYN and repeats theirs.
            syn_received + event<segment>[when<"SYN-ACK, simultaneous open">([](const tcb& t, const segment& s) {
                return s.syn && s.ack && !s.rst && !t.opened_passively && s.sequence_number + 1 == t.receive_next &&
                       s.acknowledgment_number == t.send_next;
            })] / step<"simultaneous open completed">([](tcb& t, const segment& s) {
                establish(t, s);
                take_ack(t, s);
            }) = established,
            syn_received + event<segment>[when<"retransmitted SYN">([](const tcb& t, const segment& s) {
                return s.syn && !s.ack && !s.rst && s.sequence_number == t.initial_receive_sequence;
            })] / step<"retransmitted SYN: send SYN-ACK again">([](tcb& t) { send_syn(t, true); }),
            syn_received + event<segment>[rst_not_acceptable] / step<"RST outside the window: dropped">(),
            syn_received + event<segment>[not_acceptable] / step<"not acceptable: send ACK">(send_ack),
            syn_received + event<segment>[when<"RST, SEQ = RCV.NXT, passive">([](const tcb& t, const segment& s) {
                return s.rst && s.sequence_number == t.receive_next && t.opened_passively;
            })] / step<"RST: back to LISTEN">(back_to_listen) = listen,
            syn_received + event<segment>[exact_rst] / step<"connection refused">([](tcb& t) { t.error = "connection refused"; }) = closed,
            syn_received + event<segment>[has_rst] / challenge_ack,
            syn_received + event<segment>[when<"SYN, passive">([](const tcb& t, const segment& s) { return s.syn && t.opened_passively; })] /
                    step<"SYN: back to LISTEN">(back_to_listen) = listen,
            syn_received + event<segment>[has_syn] / challenge_ack,
            syn_received + event<segment>[no_ack] / step<"no ACK: drop">(),
            syn_received + event<segment>[when<"ACK not of our SYN">([](const tcb& t, const segment& s) { return !acks_new_data(t, s); })] /
                    step<"unacceptable ACK: send RST">(reset_answering),
            syn_received + event<segment>[fin] / step<"established; FIN">(establish_and_take) = close_wait,
            syn_received + event<segment> / step<"established">(establish_and_take) = established,
            syn_received + event<tcp_event::close> / close_with_fin = fin_wait_1,
            syn_received + event<tcp_event::abort> / abort_with_reset = closed,

            // ESTABLISHED
            synchronized_checks(established, connection_reset),
            established + event<segment>[fin] / take = close_wait,
            established + event<segment> / take,
            established + event<tcp_event::send> / send_data,
            established + event<tcp_event::close> / close_with_fin = fin_wait_1,
            established + event<tcp_event::abort> / abort_with_reset = closed,
            keepalive(established),

            // FIN-WAIT-1: our FIN is out.
            synchronized_checks(fin_wait_1, connection_reset),
            fin_wait_1 + event<segment>[ack_of_fin_and_fin] / take = time_wait,
            fin_wait_1 + event<segment>[ack_of_fin] / take = fin_wait_2,
            fin_wait_1 + event<segment>[fin] / take = closing,
            fin_wait_1 + event<segment> / take,
            fin_wait_1 + event<tcp_event::abort> / abort_with_reset = closed,

            // FIN-WAIT-2: our FIN is acknowledged; waiting for theirs.
            synchronized_checks(fin_wait_2, connection_reset),
            fin_wait_2 + event<segment>[fin] / take = time_wait,
            fin_wait_2 + event<segment> / take,
            fin_wait_2 + event<tcp_event::abort> / abort_with_reset = closed,
            keepalive(fin_wait_2),

            // CLOSE-WAIT: their FIN is in; we may still send.
            synchronized_checks(close_wait, connection_reset),
            close_wait + event<segment> / take_ack_only,
            close_wait + event<tcp_event::send> / send_data,
            close_wait + event<tcp_event::close> / close_with_fin = last_ack,
            close_wait + event<tcp_event::abort> / abort_with_reset = closed,
            keepalive(close_wait),

            // CLOSING: both FINs sent, ours not yet acknowledged.
            synchronized_checks(closing, reset_closes),
            closing + event<segment>[ack_of_fin] / take_ack_only = time_wait,
            closing + event<segment> / take_ack_only,
            closing + event<tcp_event::abort> / abort_quietly = closed,

            // LAST-ACK
            synchronized_checks(last_ack, reset_closes),
            last_ack + event<segment>[ack_of_fin] / take_ack_only = closed,
            last_ack + event<segment> / take_ack_only,
            last_ack + event<tcp_event::abort> / abort_quietly = closed,

            // TIME-WAIT: only a retransmitted FIN should arrive; ACK it and wait 2MSL again.
            time_wait + event<segment>[when<"retransmitted FIN">([](const tcb& t, const segment& s) {
                return s.fin && !s.rst && !s.syn && s.sequence_number + s.length() == t.receive_next;
            })] / step<"retransmitted FIN: ACK, restart 2MSL">([](tcb& t) {
                send_ack(t);
                t.time_wait_ends = t.now + t.settings.time_wait;
            }),
            synchronized_checks(time_wait, reset_closes),
            time_wait + event<segment> / step<"ignored">(),
            time_wait + event<tcp_event::tick>[when<"2MSL passed">([](const tcb& t, const tcp_event::tick& k) {
                return k.now >= t.time_wait_ends;
            })] / step<"2MSL passed: delete TCB">() = closed,
            time_wait + event<tcp_event::abort> / abort_quietly = closed,
            time_wait + on_enter / action<"start 2MSL">([](tcb& t) { t.time_wait_ends = t.now + t.settings.time_wait; }),

            unexpected / refuse_call);
    }
};

// A connection: the machine plus the bookkeeping around each event (the per-event results
// are cleared, ticks set the clock).
class tcp_connection {
public:
    using machine_type = fsm::machine<tcp_connection_table, tcp_control_block>;

    constexpr tcp_connection() : tcp_connection(tcp_settings{}) {}
    constexpr explicit tcp_connection(tcp_settings settings)
        : machine_(tcp_control_block{.settings = settings, .receive_window = settings.receive_window}) {}
    constexpr explicit tcp_connection(machine_type m) : machine_(std::move(m)) {}

    template <class Event>
    constexpr fsm::outcome process(const Event& e) {
        tcp_control_block& t = machine_.context();
        t.reply.reset();
        t.received = {};
        t.sent = 0;
        t.note = {};
        t.error = {};
        if constexpr (std::is_same_v<Event, tcp_event::tick>) t.now = e.now;
        return machine_.process(e);
    }
    constexpr fsm::outcome process(const view<tcp>& segment) { return process(tcp_event::segment::from(segment)); }

    constexpr const std::optional<tcp_reply>& reply() const { return tcb().reply; }
    constexpr std::span<const std::byte> received() const { return tcb().received; }
    constexpr std::string_view note() const { return tcb().note; }
    constexpr std::string_view error() const { return tcb().error; }

    constexpr std::string_view state_name() const { return machine_.state_name(); }
    template <fixed_string Name>
    constexpr bool is(fsm::state_t<Name> s) const {
        return machine_.is(s);
    }
    constexpr const tcp_control_block& tcb() const { return machine_.context(); }
    constexpr tcp_control_block& tcb() { return machine_.context(); }
    constexpr const machine_type& machine() const { return machine_; }

private:
    machine_type machine_;
};

}  // namespace wirecraft
