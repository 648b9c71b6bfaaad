// TCP conversations in a capture: packets in, one record per connection out. Each
// connection runs two TCP connection machines in observer mode, one per endpoint. Each
// machine receives what its peer sent, and is kept in step with what its own endpoint sent.
// The record lists each machine's state transitions and the segments the RFC's rules reject
// (protocol violations). IP fragments are reassembled first.
//
//   wc::conversation_tracker t;
//   for (auto& p : capture) t.add_frame(p.data, p.link, wc::flow_time(p.timestamp_ns / 1000000));
//   for (const auto& c : t.conversations()) print(c);   // examples/conversations.cpp
//
// Observer mode:
// - The side that sends the first SYN is the client; the server is assumed to be listening.
// - An endpoint's own segments map to its user calls. A SYN is an active OPEN, a FIN a CLOSE,
//   and a RST an ABORT.
// - Its SYN-ACK sets its ISS, and its data advances SND.NXT.
// - The window each side advertises becomes its RCV.WND, scaled as its SYN announced (RFC 7323).
// - A connection whose first segment is not a SYN was already open when the capture began; it is
//   marked mid_stream and not run through the machines.
// - FINs that crossed: the capture may show A's FIN before B's when B sent its own before A's
//   arrived (simultaneous close). B's FIN then does not acknowledge A's. B's machine is wound
//   back to before A's FIN, closes, and takes A's FIN again, reaching CLOSING as B did.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../dissection/bindings.hpp"
#include "ip_reassembly.hpp"
#include "tcp_connection.hpp"

namespace wirecraft {

enum class tcp_side : std::uint8_t { client, server };
constexpr std::string_view to_string(tcp_side s) { return s == tcp_side::client ? "client" : "server"; }

// An IP address (IPv4 in the first 4 octets) and a port.
struct tcp_endpoint_address {
    std::uint8_t version = 4;
    std::array<std::byte, 16> address{};
    std::uint16_t port = 0;
    bool operator==(const tcp_endpoint_address&) const = default;

    std::string to_string() const {
        if (version == 4) {
            ipv4_address a;
            std::copy_n(address.begin(), 4, reinterpret_cast<std::byte*>(a.octets.data()));
            return a.to_string() + ":" + std::to_string(port);
        }
        ipv6_address a;
        std::copy_n(address.begin(), 16, reinterpret_cast<std::byte*>(a.octets.data()));
        std::string s(1, '[');  // appended: g++ 12 at -O3 warns falsely (-Wrestrict) on "[" + string
        s += a.to_string();
        s += "]:";
        s += std::to_string(port);
        return s;
    }
};

// The rules whose firing means a segment broke the protocol (the notes of tcp_connection_table).
inline constexpr std::array<std::string_view, 12> tcp_violation_notes = {
    "RST outside the window: dropped", "challenge ACK", "no ACK: drop", "send ACK, drop", "ACK: send RST",
    "no connection: send RST", "RST with a bad ACK: dropped", "bad ACK: send RST", "RST without ACK: dropped",
    "unacceptable ACK: send RST", "neither SYN nor RST: dropped", "call refused",
};
constexpr bool is_violation(std::string_view note) {
    for (auto v : tcp_violation_notes)
        if (v == note) return true;
    return false;
}

struct conversation_event {
    flow_time time{};
    std::size_t packet = 0;       // 1-based, counting every frame given to the tracker
    tcp_side side = tcp_side::client;  // whose machine
    std::string_view from{};      // its state before
    std::string_view to{};        // and after (the same for a violation handled in place)
    std::string_view note{};      // the rule that fired
    std::string_view error{};     // what that endpoint's user would be told
    bool violation = false;
};

struct tcp_conversation {
    tcp_endpoint_address client{};
    tcp_endpoint_address server{};
    bool mid_stream = false;  // no SYN first: the connection was open before the capture; not tracked
    std::size_t segments = 0;
    std::size_t retransmissions = 0;  // segments the receiver found wholly old or out of its window
    std::size_t out_of_order = 0;     // segments with text beyond the receiver's RCV.NXT
    std::size_t events_dropped = 0;   // events past max_events
    std::vector<conversation_event> events{};
    tcp_connection client_machine{};
    tcp_connection server_machine{};
    // Each side's machine as it was before it took its peer's FIN, kept until the side's own
    // segments show it had that FIN (they acknowledge it): to rewind when the FINs crossed.
    struct fin_taken {
        tcp_connection before{};
        tcp_event::segment fin{};           // without its text: fin_text holds that
        std::vector<std::byte> fin_text{};
        std::size_t events = 0;             // events recorded before it
        bool others_since = false;          // the side took another segment after it: no rewind
    };
    std::array<std::optional<fin_taken>, 2> unconfirmed_fin{};
    std::array<std::uint8_t, 2> offered_shift{};  // the window scale option of each side's SYN
    std::array<bool, 2> offered_scaling{};
    // RFC 7323 2.2: a side's windows are scaled only when both SYNs carried the option.
    std::uint8_t window_shift(tcp_side s) const {
        return offered_scaling[0] && offered_scaling[1] ? offered_shift[static_cast<int>(s)] : 0;
    }

    tcp_connection& machine(tcp_side s) { return s == tcp_side::client ? client_machine : server_machine; }
    const tcp_connection& machine(tcp_side s) const { return s == tcp_side::client ? client_machine : server_machine; }
};

struct conversation_limits {
    std::size_t max_conversations = 65536;  // further connections are counted, not tracked
    std::size_t max_events = 512;           // per conversation
    std::size_t max_events_total = 1 << 20; // over all conversations
};

namespace detail {
// The outer IP header's endpoints and the TCP segment of one frame.
struct tcp_segment_finder {
    std::span<const std::byte> ip{};
    tcp_endpoint_address source{}, destination{};
    std::optional<view<wirecraft::tcp>> segment{};
    bool fragment = false;
    template <class P>
    void operator()(const view<P>& layer) {
        if constexpr (std::is_same_v<P, ipv4> || std::is_same_v<P, ipv6>) {
            if (!ip.empty()) return;  // the outer header; a tunnelled one stays inside it
            ip = layer.bytes();
            if constexpr (std::is_same_v<P, ipv4>)
                fragment = layer.template get<"more_fragments">() || layer.template get<"fragment_offset">() != 0;
            source = address_of(layer.template get<"source">());
            destination = address_of(layer.template get<"destination">());
        } else if constexpr (std::is_same_v<P, ipv6_fragment>) {
            fragment = true;
        } else if constexpr (std::is_same_v<P, wirecraft::tcp>) {
            if (!segment) segment = layer;
        }
    }
    template <class Address>
    static tcp_endpoint_address address_of(const Address& a) {
        tcp_endpoint_address e;
        e.version = Address::size == 4 ? 4 : 6;
        std::copy_n(reinterpret_cast<const std::byte*>(a.octets.data()), Address::size, e.address.begin());
        return e;
    }
};

// The TCP segment a frame carries, IP fragments reassembled first: on_segment(source,
// destination, view<tcp>) with the addresses' ports still 0. Shared by the trackers.
template <class OnSegment>
void find_tcp_segment(std::span<const std::byte> frame, std::uint32_t link_type, ip_reassembler& reassembler, flow_time now,
                      bool cut_short, OnSegment&& on_segment) {
    tcp_segment_finder f;
    (void)dissect(frame, link_type, f, dissect_options{.cut_short = cut_short});
    if (f.ip.empty()) return;
    if (!f.fragment) {  // the common case; also keeps frames the snap length cut short
        if (f.segment) on_segment(f.source, f.destination, *f.segment);
        return;
    }
    auto r = reassembler.add(f.ip, now);
    if (r.status == reassembly_status::complete) {
        tcp_segment_finder whole;
        const std::uint32_t link = std::to_integer<unsigned>(r.datagram[0]) >> 4 == 6 ? linktype_ipv6 : linktype_ipv4;
        (void)dissect(std::span<const std::byte>(r.datagram), link, whole);
        if (whole.segment) on_segment(whole.source, whole.destination, *whole.segment);
    }
}

// The two endpoints in a fixed order, as one string of bytes: the index's key.
inline std::string endpoint_pair_key(const tcp_endpoint_address& a, const tcp_endpoint_address& b) {
    auto bytes_of = [](const tcp_endpoint_address& e) {
        std::string s(reinterpret_cast<const char*>(e.address.data()), e.address.size());
        s += static_cast<char>(e.version);
        s += static_cast<char>(e.port >> 8);
        s += static_cast<char>(e.port & 0xff);
        return s;
    };
    std::string x = bytes_of(a), y = bytes_of(b);
    return x < y ? x + y : y + x;
}
}  // namespace detail

class conversation_tracker {
public:
    explicit conversation_tracker(conversation_limits limits = {}, reassembly_limits fragments = {})
        : limits_(limits), reassembler_(fragments) {}

    // One captured frame. Frames that carry no TCP segment (after reassembly) are counted only.
    void add_frame(std::span<const std::byte> frame, std::uint32_t link_type, flow_time now, bool cut_short = false) {
        ++packets_;
        detail::find_tcp_segment(frame, link_type, reassembler_, now, cut_short,
                                 [&](tcp_endpoint_address source, tcp_endpoint_address destination, const view<tcp>& segment) {
                                     add_segment(source, destination, segment, now);
                                 });
    }

    // One TCP segment from `source` to `destination` (addresses without ports are completed here).
    void add_segment(tcp_endpoint_address source, tcp_endpoint_address destination, const view<tcp>& v, flow_time now) {
        source.port = v.get<"source_port">();
        destination.port = v.get<"destination_port">();
        const tcp_event::segment s = tcp_event::segment::from(v);
        tcp_conversation* c = newest(source, destination);
        const bool opening = s.syn && !s.ack;
        if (!c || (opening && reopened(*c, s))) {
            if (conversations_.size() >= limits_.max_conversations) {
                ++untracked_;
                return;
            }
            index_[detail::endpoint_pair_key(source, destination)] = conversations_.size();
            // Made in place: a temporary's destructor, inlined, made g++ 12 at -O3 warn falsely
            // (-Wmaybe-uninitialized) about the vectors inside its empty optional replies.
            c = &conversations_.emplace_back();
            c->client = source;
            c->server = destination;
            c->mid_stream = !opening;
            if (!c->mid_stream) c->server_machine.process(tcp_event::passive_open{.local_port = destination.port});
        }
        ++c->segments;
        if (c->mid_stream) return;
        const tcp_side from = source == c->client ? tcp_side::client : tcp_side::server;
        const tcp_side to = from == tcp_side::client ? tcp_side::server : tcp_side::client;
        for (tcp_side side : {tcp_side::client, tcp_side::server}) {  // timers first: 2MSL may have passed
            const std::string_view before = c->machine(side).state_name();
            c->machine(side).process(tcp_event::tick{now});
            if (before != c->machine(side).state_name()) record(*c, side, before, now);
        }
        if (s.syn) note_window_scale(*c, from, v);
        sent(*c, from, s, now);
        tcp_event::segment scaled = s;
        if (!s.syn) scaled.window = s.window << c->window_shift(from);
        received(*c, to, scaled, now);
    }

    const std::vector<tcp_conversation>& conversations() const { return conversations_; }
    std::size_t packets() const { return packets_; }
    std::size_t untracked() const { return untracked_; }
    const ip_reassembler& reassembler() const { return reassembler_; }

private:
    // The newest conversation between the two endpoints, either way round.
    tcp_conversation* newest(const tcp_endpoint_address& a, const tcp_endpoint_address& b) {
        const auto it = index_.find(detail::endpoint_pair_key(a, b));
        return it == index_.end() ? nullptr : &conversations_[it->second];
    }
    // A SYN that opens a new connection on the same ports: not a retransmission of the SYN that
    // opened this one, which is over (or was only seen mid-stream).
    static bool reopened(const tcp_conversation& c, const tcp_event::segment& syn) {
        if (c.mid_stream) return true;
        const tcp_control_block& t = c.client_machine.tcb();
        if (syn.sequence_number == t.initial_send_sequence) return false;
        return c.client_machine.is(fsm::state<"CLOSED">) || c.client_machine.is(fsm::state<"TIME-WAIT">);
    }

    static void note_window_scale(tcp_conversation& c, tcp_side side, const view<tcp>& v) {
        for (const auto& option : v.get<"options">()) {
            if (option.kind != tcp_option_kind::window_scale) continue;
            if (auto ws = parse<tcp_window_scale_option>(option.data)) {
                c.offered_scaling[static_cast<int>(side)] = true;
                c.offered_shift[static_cast<int>(side)] = std::min<std::uint8_t>(ws->get<"shift">(), 14);  // RFC 7323: at most 14
            }
        }
    }

    void record(tcp_conversation& c, tcp_side side, std::string_view from, flow_time now) {
        const tcp_connection& m = c.machine(side);
        const bool violation = is_violation(m.note());
        if (from == m.state_name() && !violation && m.error().empty()) return;
        if (c.events.size() >= limits_.max_events || events_ >= limits_.max_events_total) {
            ++c.events_dropped;
            return;
        }
        c.events.push_back({now, packets_, side, from, m.state_name(), m.note(), m.error(), violation});
        ++events_;
    }

    // The endpoint's own segment: its user calls, and its variables kept in step.
    void sent(tcp_conversation& c, tcp_side side, const tcp_event::segment& s, flow_time now) {
        auto& unconfirmed = c.unconfirmed_fin[static_cast<int>(side)];
        std::optional<tcp_conversation::fin_taken> crossed;
        if (unconfirmed && s.ack && !s.rst) {
            const std::uint32_t fin_end = unconfirmed->fin.sequence_number + unconfirmed->fin.length();
            if (sequence::ge(s.acknowledgment_number, fin_end) || unconfirmed->others_since) unconfirmed.reset();  // it had the FIN
            else if (s.fin) crossed = rewind_for_crossed_fins(c, side);
        }
        tcp_connection& m = c.machine(side);
        const std::string_view before = m.state_name();
        tcp_control_block& t = m.tcb();
        if (s.rst) {
            // A RST from CLOSED or LISTEN is that state's own answer, not a call.
            if (!m.is(fsm::state<"CLOSED">) && !m.is(fsm::state<"LISTEN">)) m.process(tcp_event::abort{});
        } else if (s.syn && !s.ack) {
            if (m.is(fsm::state<"CLOSED">))
                m.process(tcp_event::active_open{.local_port = s.source_port, .remote_port = s.destination_port,
                                                 .initial_sequence = s.sequence_number});
        } else if (s.syn && m.is(fsm::state<"SYN-RECEIVED">) && t.send_next == t.initial_send_sequence + 1) {
            // Its SYN-ACK: now we know its ISS (a late copy, once data has moved SND.NXT, is not news).
            t.initial_send_sequence = s.sequence_number;
            t.send_unacknowledged = s.sequence_number;
            t.send_next = s.sequence_number + 1;
        }
        if (!s.syn) t.receive_window = s.window << c.window_shift(side);
        else t.receive_window = s.window;  // a SYN's window is never scaled
        // Text moves SND.NXT to its end; a FIN sits right after the text (a bare ACK's sequence
        // number says nothing: after a lost FIN it is already one past it).
        const std::uint32_t data_end = s.sequence_number + (s.syn ? 1u : 0u) + static_cast<std::uint32_t>(s.payload.size());
        if (!s.rst && !t.fin_sent) {
            if (s.fin) {
                t.send_next = data_end;
                m.process(tcp_event::close{});
            } else if (!s.payload.empty() && sequence::gt(data_end, t.send_next)) {
                t.send_next = data_end;
            }
        }
        record(c, side, before, now);
        if (crossed) {  // the peer's FIN arrives after this one: FIN-WAIT-1 -> CLOSING
            crossed->fin.payload = crossed->fin_text;
            const std::string_view closing = m.state_name();
            m.process(crossed->fin);
            m.tcb().received = {};  // it viewed fin_text, which goes with `crossed`
            record(c, side, closing, now);
        }
    }

    void received(tcp_conversation& c, tcp_side side, const tcp_event::segment& s, flow_time now) {
        tcp_connection& m = c.machine(side);
        const std::string_view before = m.state_name();
        auto& unconfirmed = c.unconfirmed_fin[static_cast<int>(side)];
        if (unconfirmed) unconfirmed->others_since = true;
        std::optional<tcp_connection> before_fin;
        if (s.fin && !s.rst && !m.tcb().fin_sent && !unconfirmed) before_fin = m;
        m.process(s);
        // Kept only if the machine took the FIN (in order, in the window).
        if (before_fin && m.tcb().receive_next == s.sequence_number + s.length()) {
            tcp_event::segment fin = s;
            fin.payload = {};
            unconfirmed = tcp_conversation::fin_taken{std::move(*before_fin), fin, {s.payload.begin(), s.payload.end()}, c.events.size()};
        }
        if (m.note() == "not acceptable: send ACK") ++c.retransmissions;
        if (m.note() == "data beyond RCV.NXT (out of order): not taken, ACK sent") ++c.out_of_order;
        record(c, side, before, now);
    }

    // `side` sends a FIN that does not acknowledge the peer's FIN its machine already took: it
    // sent its own first. Its machine goes back to before that FIN, its events since then are
    // dropped, and sent() gives it the peer's FIN again after its own.
    tcp_conversation::fin_taken rewind_for_crossed_fins(tcp_conversation& c, tcp_side side) {
        auto taken = std::move(*c.unconfirmed_fin[static_cast<int>(side)]);
        c.unconfirmed_fin[static_cast<int>(side)].reset();
        const auto later = std::remove_if(c.events.begin() + static_cast<std::ptrdiff_t>(taken.events), c.events.end(),
                                          [side](const conversation_event& e) { return e.side == side; });
        events_ -= static_cast<std::size_t>(c.events.end() - later);
        c.events.erase(later, c.events.end());
        c.machine(side) = taken.before;
        return taken;
    }

    conversation_limits limits_;
    ip_reassembler reassembler_;
    std::vector<tcp_conversation> conversations_{};
    std::unordered_map<std::string, std::size_t> index_{};  // endpoints -> the newest conversation between them
    std::size_t events_ = 0;
    std::size_t packets_ = 0;
    std::size_t untracked_ = 0;
};

}  // namespace wirecraft
