// The TCP connection machine against RFC 9293 section 3.10 ("Event Processing"), RFC 5961 and
// Linux's keepalive. Expected replies are written in the RFC's own notation,
// <SEQ=..><ACK=..><CTL=..>, worked out from the RFC's rules for each case, not read back from
// the machine. Segments reach the machine as the codec's views over serialized bytes.
#include <catch2/catch.hpp>

#include <deque>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include <wirecraft/flow/tcp_connection.hpp>

namespace wc = wirecraft;
namespace fsm = wirecraft::fsm;
using namespace fsm::literals;
using namespace std::chrono_literals;
using fsm::outcome;

namespace {

constexpr std::uint16_t local_port = 80, remote_port = 40000;

// The peer: crafts a segment, serializes it, and hands the machine a view of the bytes (kept
// alive here, since received() views them).
struct peer {
    std::deque<std::vector<std::byte>> frames;

    outcome send(wc::tcp_connection& c, wc::tcp h, std::string_view text = {}) {
        h.source_port = remote_port;
        h.destination_port = local_port;
        h.checksum = 0;  // no IP header here to compute it over
        const auto payload = std::as_bytes(std::span(text.data(), text.size()));
        frames.push_back(wc::to_bytes(h, payload).value());
        auto v = wc::parse<wc::tcp>(std::span<const std::byte>(frames.back()));
        REQUIRE(v);
        return c.process(*v);
    }
};

wc::tcp seg(std::uint32_t sequence, std::uint32_t acknowledgment, std::string_view control, std::uint16_t window = 8192) {
    wc::tcp h{.sequence_number = sequence, .acknowledgment_number = acknowledgment, .window = window};
    for (std::size_t at = 0; at < control.size();) {
        std::size_t end = control.find(',', at);
        if (end == std::string_view::npos) end = control.size();
        const std::string_view flag = control.substr(at, end - at);
        if (flag == "SYN") h.syn = true;
        else if (flag == "ACK") h.ack = true;
        else if (flag == "FIN") h.fin = true;
        else if (flag == "RST") h.rst = true;
        else FAIL("unknown flag " << std::string(flag));
        at = end + 1;
    }
    return h;
}

// The reply in RFC 9293's notation; "" when nothing is sent.
std::string sent(const wc::tcp_connection& c) {
    if (!c.reply()) return "";
    const wc::tcp& h = c.reply()->header;
    std::string s = "<SEQ=" + std::to_string(h.sequence_number) + ">";
    if (h.ack) s += "<ACK=" + std::to_string(h.acknowledgment_number) + ">";
    std::string control;
    for (auto [on, name] : {std::pair{h.syn, "SYN"}, {h.fin, "FIN"}, {h.rst, "RST"}, {h.ack, "ACK"}})
        if (on) control += control.empty() ? name : std::string(",") + name;
    if (!control.empty()) s += "<CTL=" + control + ">";
    if (!c.reply()->payload.empty()) s += "<DATA=" + std::to_string(c.reply()->payload.size()) + ">";
    return s;
}

std::string text(std::span<const std::byte> bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

// A passive open completed: our ISS 5000, theirs 100, both windows 8192.
struct connected {
    wc::tcp_connection c;
    peer p;
    explicit connected(wc::tcp_settings settings = {.receive_window = 8192}) : c(settings) {
        REQUIRE(c.process(wc::tcp_event::passive_open{.local_port = local_port, .initial_sequence = 5000}) == outcome::moved);
        REQUIRE(p.send(c, seg(100, 0, "SYN")) == outcome::moved);
        REQUIRE(p.send(c, seg(101, 5001, "ACK")) == outcome::moved);
        REQUIRE(c.is("ESTABLISHED"_s));
    }
};

}  // namespace

TEST_CASE("passive open: LISTEN, SYN-RECEIVED, ESTABLISHED", "[tcp_connection_test]") {
    wc::tcp_connection c({.receive_window = 8192});
    peer p;
    CHECK(c.is("CLOSED"_s));
    CHECK(c.process(wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 5000}) == outcome::moved);
    CHECK(c.state_name() == "LISTEN");
    CHECK(sent(c).empty());

    // 3.10.7.2: RCV.NXT = SEG.SEQ+1, IRS = SEG.SEQ, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, SND.NXT = ISS+1.
    wc::tcp syn = seg(100, 0, "SYN");
    syn.options = {wc::tcp_options::mss(1400)};
    CHECK(p.send(c, syn) == outcome::moved);
    CHECK(c.state_name() == "SYN-RECEIVED");
    CHECK(sent(c) == "<SEQ=5000><ACK=101><CTL=SYN,ACK>");
    REQUIRE(c.reply());
    CHECK(c.reply()->header.source_port == 80);
    CHECK(c.reply()->header.destination_port == 40000);
    CHECK(c.reply()->header.window == 8192);
    REQUIRE(c.reply()->header.options.size() == 1);  // our MSS (settings default 1460)
    CHECK(c.reply()->header.options[0] == wc::tcp_options::mss(1460));
    CHECK(c.tcb().initial_receive_sequence == 100);
    CHECK(c.tcb().receive_next == 101);
    CHECK(c.tcb().send_unacknowledged == 5000);
    CHECK(c.tcb().send_next == 5001);
    CHECK(c.tcb().send_mss == 1400);

    // The ACK of our SYN (SND.UNA < SEG.ACK =< SND.NXT): ESTABLISHED, window taken.
    CHECK(p.send(c, seg(101, 5001, "ACK", 30000)) == outcome::moved);
    CHECK(c.state_name() == "ESTABLISHED");
    CHECK(sent(c).empty());
    CHECK(c.tcb().send_unacknowledged == 5001);
    CHECK(c.tcb().send_window == 30000);
    CHECK(c.tcb().bytes_in_flight() == 0);

    // A retransmitted SYN in SYN-RECEIVED gets the SYN-ACK again.
    wc::tcp_connection again({.receive_window = 8192});
    again.process(wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 5000});
    p.send(again, seg(100, 0, "SYN"));
    CHECK(p.send(again, seg(100, 0, "SYN")) == outcome::stayed);
    CHECK(again.state_name() == "SYN-RECEIVED");
    CHECK(sent(again) == "<SEQ=5000><ACK=101><CTL=SYN,ACK>");
}

TEST_CASE("active open: SYN-SENT, ESTABLISHED", "[tcp_connection_test]") {
    wc::tcp_connection c({.mss = 1200, .receive_window = 4096});
    peer p;
    CHECK(c.process(wc::tcp_event::active_open{.local_port = 80, .remote_port = 40000, .initial_sequence = 1000}) == outcome::moved);
    CHECK(c.state_name() == "SYN-SENT");
    CHECK(sent(c) == "<SEQ=1000><CTL=SYN>");
    CHECK(c.reply()->header.options[0] == wc::tcp_options::mss(1200));
    CHECK(c.tcb().send_unacknowledged == 1000);
    CHECK(c.tcb().send_next == 1001);

    // 3.10.7.3 fourth: SYN with an acceptable ACK: SND.UNA = SEG.ACK > ISS, so ESTABLISHED and
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
    CHECK(p.send(c, seg(300, 1001, "SYN,ACK", 20000)) == outcome::moved);
    CHECK(c.state_name() == "ESTABLISHED");
    CHECK(sent(c) == "<SEQ=1001><ACK=301><CTL=ACK>");
    CHECK(c.tcb().send_window == 20000);
    CHECK(c.tcb().send_mss == 536);  // no MSS option: RFC 9293 3.7.1's default
}

TEST_CASE("simultaneous open (RFC 9293 figure 8)", "[tcp_connection_test]") {
    wc::tcp_connection a;
    peer p;
    a.process(wc::tcp_event::active_open{.local_port = 80, .remote_port = 40000, .initial_sequence = 100});
    CHECK(sent(a) == "<SEQ=100><CTL=SYN>");                             // line 2
    CHECK(p.send(a, seg(300, 0, "SYN")) == outcome::moved);             // line 3
    CHECK(a.state_name() == "SYN-RECEIVED");
    CHECK(sent(a) == "<SEQ=100><ACK=301><CTL=SYN,ACK>");                // line 5
    CHECK(p.send(a, seg(300, 101, "SYN,ACK")) == outcome::moved);       // line 6
    CHECK(a.state_name() == "ESTABLISHED");
    CHECK(a.tcb().send_unacknowledged == 101);
    CHECK(a.tcb().receive_next == 301);
    // An RST in SYN-RECEIVED of an active open: "connection refused", CLOSED.
    wc::tcp_connection b;
    b.process(wc::tcp_event::active_open{.local_port = 80, .remote_port = 40000, .initial_sequence = 100});
    p.send(b, seg(300, 0, "SYN"));
    CHECK(p.send(b, seg(301, 0, "RST")) == outcome::moved);
    CHECK(b.state_name() == "CLOSED");
    CHECK(b.error() == "connection refused");
}

TEST_CASE("SYN-SENT: bad ACKs and RSTs", "[tcp_connection_test]") {
    peer p;
    auto opened = [] {
        wc::tcp_connection c;
        c.process(wc::tcp_event::active_open{.local_port = 80, .remote_port = 40000, .initial_sequence = 1000});
        return c;
    };
    SECTION("SEG.ACK =< ISS: <SEQ=SEG.ACK><CTL=RST>, stay") {
        auto c = opened();
        CHECK(p.send(c, seg(300, 1000, "ACK")) == outcome::stayed);
        CHECK(sent(c) == "<SEQ=1000><CTL=RST>");
        CHECK(c.reply()->header.source_port == 80);
        CHECK(c.reply()->header.destination_port == 40000);
        CHECK(c.state_name() == "SYN-SENT");
    }
    SECTION("SEG.ACK > SND.NXT, with SYN: RST all the same") {
        auto c = opened();
        CHECK(p.send(c, seg(300, 5555, "SYN,ACK")) == outcome::stayed);
        CHECK(sent(c) == "<SEQ=5555><CTL=RST>");
        CHECK(c.state_name() == "SYN-SENT");
    }
    SECTION("a bad ACK on a RST: dropped, nothing sent") {
        auto c = opened();
        CHECK(p.send(c, seg(0, 999, "RST,ACK")) == outcome::stayed);
        CHECK(sent(c).empty());
        CHECK(c.state_name() == "SYN-SENT");
    }
    SECTION("RST with an acceptable ACK: connection reset, CLOSED") {
        auto c = opened();
        CHECK(p.send(c, seg(0, 1001, "RST,ACK")) == outcome::moved);
        CHECK(c.state_name() == "CLOSED");
        CHECK(c.error() == "connection reset");
        CHECK(sent(c).empty());
    }
    SECTION("RST without ACK: dropped (RFC 5961 3.2)") {
        auto c = opened();
        CHECK(p.send(c, seg(0, 0, "RST")) == outcome::stayed);
        CHECK(c.state_name() == "SYN-SENT");
        CHECK(sent(c).empty());
    }
    SECTION("neither SYN nor RST: dropped") {
        auto c = opened();
        CHECK(p.send(c, seg(300, 1001, "ACK")) == outcome::stayed);
        CHECK(c.state_name() == "SYN-SENT");
        CHECK(sent(c).empty());
    }
}

TEST_CASE("SYN-RECEIVED of a passive open goes back to LISTEN on RST", "[tcp_connection_test]") {
    wc::tcp_connection c;
    peer p;
    c.process(wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 5000});
    p.send(c, seg(100, 0, "SYN"));
    CHECK(p.send(c, seg(101, 0, "RST")) == outcome::moved);
    CHECK(c.state_name() == "LISTEN");
    CHECK(c.error().empty());  // the user is not told: a listener listens on
    CHECK(c.tcb().receive_next == 0);
    CHECK(c.tcb().remote_port == 0);
    // and takes the next SYN as a new connection
    CHECK(p.send(c, seg(7000, 0, "SYN")) == outcome::moved);
    CHECK(sent(c) == "<SEQ=5000><ACK=7001><CTL=SYN,ACK>");

    SECTION("an ACK that is not of our SYN: <SEQ=SEG.ACK><CTL=RST>") {
        CHECK(p.send(c, seg(7001, 9999, "ACK")) == outcome::stayed);
        CHECK(sent(c) == "<SEQ=9999><CTL=RST>");
        CHECK(c.state_name() == "SYN-RECEIVED");
    }
    SECTION("an RST in the window but not at RCV.NXT: challenge ACK") {
        CHECK(p.send(c, seg(7100, 0, "RST")) == outcome::stayed);
        CHECK(sent(c) == "<SEQ=5001><ACK=7001><CTL=ACK>");
    }
}

TEST_CASE("LISTEN ignores RST and answers an ACK with RST", "[tcp_connection_test]") {
    wc::tcp_connection c;
    peer p;
    c.process(wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 5000});
    CHECK(p.send(c, seg(100, 0, "RST")) == outcome::stayed);
    CHECK(sent(c).empty());
    CHECK(c.state_name() == "LISTEN");
    CHECK(p.send(c, seg(100, 777, "ACK")) == outcome::stayed);
    CHECK(sent(c) == "<SEQ=777><CTL=RST>");
    CHECK(c.state_name() == "LISTEN");
    CHECK(p.send(c, seg(100, 0, "FIN")) == outcome::stayed);  // neither: dropped
    CHECK(sent(c).empty());
}

TEST_CASE("CLOSED answers every segment but RST with RST", "[tcp_connection_test]") {
    wc::tcp_connection c;
    peer p;
    // ACK off: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; SEG.LEN counts SYN and text.
    CHECK(p.send(c, seg(100, 0, "SYN"), "hello") == outcome::stayed);
    CHECK(sent(c) == "<SEQ=0><ACK=106><CTL=RST,ACK>");
    CHECK(c.reply()->header.source_port == 80);
    CHECK(c.reply()->header.destination_port == 40000);
    // ACK on: <SEQ=SEG.ACK><CTL=RST>
    CHECK(p.send(c, seg(100, 4242, "ACK")) == outcome::stayed);
    CHECK(sent(c) == "<SEQ=4242><CTL=RST>");
    // RST: discarded
    CHECK(p.send(c, seg(100, 4242, "RST,ACK")) == outcome::stayed);
    CHECK(sent(c).empty());
    CHECK(c.state_name() == "CLOSED");
    // The user calls CLOSED refuses (RFC 9293 3.10.2-3.10.5).
    CHECK(c.process(wc::tcp_event::close{}) == outcome::unexpected);
    CHECK(c.error() == "connection does not exist");
    CHECK(c.process(wc::tcp_event::abort{}) == outcome::unexpected);
    CHECK(c.error() == "connection does not exist");
}

TEST_CASE("data in ESTABLISHED: in order, out of order, beyond the window", "[tcp_connection_test]") {
    connected k;
    auto& [c, p] = k;
    CHECK(p.send(c, seg(101, 5001, "ACK"), "GET /") == outcome::stayed);
    CHECK(text(c.received()) == "GET /");
    CHECK(sent(c) == "<SEQ=5001><ACK=106><CTL=ACK>");
    // A retransmission overlapping what we have: only the new part is taken.
    CHECK(p.send(c, seg(103, 5001, "ACK"), "T / HTTP") == outcome::stayed);
    CHECK(text(c.received()) == " HTTP");
    CHECK(c.tcb().receive_next == 111);
    // Beyond RCV.NXT but inside the window: not taken (no buffering here), duplicate ACK.
    CHECK(p.send(c, seg(200, 5001, "ACK"), "later") == outcome::stayed);
    CHECK(c.received().empty());
    CHECK(sent(c) == "<SEQ=5001><ACK=111><CTL=ACK>");
    CHECK(c.tcb().receive_next == 111);
    // Wholly old data: not acceptable, ACK (3.10.7.4 first).
    CHECK(p.send(c, seg(101, 5001, "ACK"), "GET") == outcome::stayed);
    CHECK(sent(c) == "<SEQ=5001><ACK=111><CTL=ACK>");
    CHECK(c.received().empty());
    // Out of the window (RCV.NXT + RCV.WND = 111 + 8192): ACK, nothing taken.
    CHECK(p.send(c, seg(111 + 8192, 5001, "ACK"), "far") == outcome::stayed);
    CHECK(sent(c) == "<SEQ=5001><ACK=111><CTL=ACK>");
    CHECK(c.received().empty());
    CHECK(c.tcb().receive_next == 111);
}

TEST_CASE("the window update rule: SND.WL1 and SND.WL2", "[tcp_connection_test]") {
    // 3.10.7.4 fifth step: SND.WND <- SEG.WND only if SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ
    // and SND.WL2 =< SEG.ACK, so that an old, reordered segment cannot shrink the window.
    connected k;
    auto& [c, p] = k;
    p.send(c, seg(101, 5001, "ACK", 3000), "hello");  // WL1 101 -> 101: updated
    CHECK(c.tcb().send_window == 3000);
    p.send(c, seg(106, 5001, "ACK", 4000));           // a later SEQ: updated
    CHECK(c.tcb().send_window == 4000);
    CHECK(c.tcb().send_window_sequence == 106);
    CHECK(p.send(c, seg(104, 5001, "ACK", 100), "lo, w") == outcome::stayed);  // SEQ 104 < WL1: acceptable, its window ignored
    CHECK(text(c.received()) == ", w");
    CHECK(c.tcb().send_window == 4000);
    // A FIN beyond RCV.NXT is not taken, but it is acknowledged, as out-of-order text is.
    CHECK(p.send(c, seg(200, 5001, "FIN,ACK")) == outcome::stayed);
    CHECK(c.state_name() == "ESTABLISHED");
    CHECK(sent(c) == "<SEQ=5001><ACK=109><CTL=ACK>");
}

TEST_CASE("sending: window, MSS, acknowledgment", "[tcp_connection_test]") {
    connected k;
    auto& [c, p] = k;
    p.send(c, seg(101, 5001, "ACK", 1000));  // their window: 1000
    const std::string data(3000, 'x');
    const auto bytes = std::as_bytes(std::span(data.data(), data.size()));
    CHECK(c.process(wc::tcp_event::send{bytes}) == outcome::stayed);
    CHECK(c.tcb().sent == 536);  // MSS: they announced none
    CHECK(sent(c) == "<SEQ=5001><ACK=101><CTL=ACK><DATA=536>");
    CHECK_FALSE(c.reply()->header.psh);
    c.process(wc::tcp_event::send{bytes.subspan(536)});
    CHECK(c.tcb().sent == 464);  // what is left of the window
    CHECK(c.tcb().bytes_in_flight() == 1000);
    c.process(wc::tcp_event::send{bytes.subspan(1000)});
    CHECK(c.tcb().sent == 0);
    CHECK(sent(c).empty());
    CHECK(c.note() == "send: the peer's window is closed");
    CHECK(p.send(c, seg(101, 5537, "ACK", 1000)) == outcome::stayed);  // acks the first segment
    CHECK(c.tcb().send_unacknowledged == 5537);
    CHECK(c.tcb().bytes_in_flight() == 464);
    c.process(wc::tcp_event::send{bytes.first(10)});
    CHECK(sent(c) == "<SEQ=6001><ACK=101><CTL=ACK><DATA=10>");
    CHECK(c.reply()->header.psh);  // the last of what was given
}

TEST_CASE("active close: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, 2MSL", "[tcp_connection_test]") {
    connected k({.receive_window = 8192, .time_wait = 60s});
    auto& [c, p] = k;
    CHECK(c.process(wc::tcp_event::tick{1000s}) == outcome::rejected);  // no keepalive: nothing due
    CHECK(c.process(wc::tcp_event::close{}) == outcome::moved);
    CHECK(c.state_name() == "FIN-WAIT-1");
    CHECK(sent(c) == "<SEQ=5001><ACK=101><CTL=FIN,ACK>");
    CHECK(c.process(wc::tcp_event::close{}) == outcome::unexpected);
    CHECK(c.error() == "connection closing");
    CHECK(c.process(wc::tcp_event::send{}) == outcome::unexpected);
    CHECK(c.error() == "connection closing");
    CHECK(p.send(c, seg(101, 5002, "ACK")) == outcome::moved);
    CHECK(c.state_name() == "FIN-WAIT-2");
    CHECK(sent(c).empty());
    // Data may still come in FIN-WAIT-2.
    CHECK(p.send(c, seg(101, 5002, "ACK"), "bye") == outcome::stayed);
    CHECK(text(c.received()) == "bye");
    CHECK(p.send(c, seg(104, 5002, "FIN,ACK")) == outcome::moved);
    CHECK(c.state_name() == "TIME-WAIT");
    CHECK(sent(c) == "<SEQ=5002><ACK=105><CTL=ACK>");
    CHECK(c.process(wc::tcp_event::tick{1059s}) == outcome::rejected);
    CHECK(c.state_name() == "TIME-WAIT");
    CHECK(c.process(wc::tcp_event::tick{1060s}) == outcome::moved);
    CHECK(c.state_name() == "CLOSED");
}

TEST_CASE("passive close: CLOSE-WAIT, LAST-ACK", "[tcp_connection_test]") {
    connected k;
    auto& [c, p] = k;
    CHECK(p.send(c, seg(101, 5001, "FIN,ACK"), "end") == outcome::moved);
    CHECK(c.state_name() == "CLOSE-WAIT");
    CHECK(text(c.received()) == "end");
    CHECK(sent(c) == "<SEQ=5001><ACK=105><CTL=ACK>");  // the text and the FIN
    // We may still send in CLOSE-WAIT.
    const std::string reply = "ok";
    c.process(wc::tcp_event::send{std::as_bytes(std::span(reply.data(), reply.size()))});
    CHECK(sent(c) == "<SEQ=5001><ACK=105><CTL=ACK><DATA=2>");
    CHECK(c.process(wc::tcp_event::close{}) == outcome::moved);
    CHECK(c.state_name() == "LAST-ACK");
    CHECK(sent(c) == "<SEQ=5003><ACK=105><CTL=FIN,ACK>");
    CHECK(p.send(c, seg(105, 5003, "ACK")) == outcome::stayed);  // acks the data, not the FIN
    CHECK(c.state_name() == "LAST-ACK");
    CHECK(p.send(c, seg(105, 5004, "ACK")) == outcome::moved);
    CHECK(c.state_name() == "CLOSED");
    CHECK(c.error().empty());
}

TEST_CASE("simultaneous close: CLOSING, and a FIN that acks ours", "[tcp_connection_test]") {
    SECTION("their FIN before the ACK of ours: CLOSING, then TIME-WAIT") {
        connected k;
        auto& [c, p] = k;
        c.process(wc::tcp_event::close{});
        CHECK(p.send(c, seg(101, 5001, "FIN,ACK")) == outcome::moved);
        CHECK(c.state_name() == "CLOSING");
        CHECK(sent(c) == "<SEQ=5002><ACK=102><CTL=ACK>");
        CHECK(p.send(c, seg(102, 5002, "ACK")) == outcome::moved);
        CHECK(c.state_name() == "TIME-WAIT");
        CHECK(sent(c).empty());
    }
    SECTION("a FIN that acks our FIN: straight to TIME-WAIT") {
        connected k;
        auto& [c, p] = k;
        c.process(wc::tcp_event::close{});
        CHECK(p.send(c, seg(101, 5002, "FIN,ACK")) == outcome::moved);
        CHECK(c.state_name() == "TIME-WAIT");
        CHECK(sent(c) == "<SEQ=5002><ACK=102><CTL=ACK>");
    }
}

TEST_CASE("TIME-WAIT re-acknowledges a retransmitted FIN and restarts 2MSL", "[tcp_connection_test]") {
    connected k({.receive_window = 8192, .time_wait = 60s});
    auto& [c, p] = k;
    c.process(wc::tcp_event::tick{100s});
    c.process(wc::tcp_event::close{});
    p.send(c, seg(101, 5002, "FIN,ACK"));
    REQUIRE(c.state_name() == "TIME-WAIT");  // 2MSL ends at 160 s
    c.process(wc::tcp_event::tick{130s});
    CHECK(p.send(c, seg(101, 5002, "FIN,ACK")) == outcome::stayed);
    CHECK(sent(c) == "<SEQ=5002><ACK=102><CTL=ACK>");
    CHECK(c.process(wc::tcp_event::tick{160s}) == outcome::rejected);  // restarted: now ends at 190 s
    CHECK(c.process(wc::tcp_event::tick{190s}) == outcome::moved);
    CHECK(c.state_name() == "CLOSED");
}

TEST_CASE("RFC 5961: RST and SYN in a synchronized state", "[tcp_connection_test]") {
    SECTION("RST at exactly RCV.NXT resets") {
        connected k;
        CHECK(k.p.send(k.c, seg(101, 0, "RST")) == outcome::moved);
        CHECK(k.c.state_name() == "CLOSED");
        CHECK(k.c.error() == "connection reset");
        CHECK(sent(k.c).empty());
    }
    SECTION("RST in the window, not at RCV.NXT: challenge ACK, connection kept") {
        connected k;
        CHECK(k.p.send(k.c, seg(101 + 4000, 0, "RST")) == outcome::stayed);
        CHECK(sent(k.c) == "<SEQ=5001><ACK=101><CTL=ACK>");
        CHECK(k.c.state_name() == "ESTABLISHED");
    }
    SECTION("RST outside the window: dropped silently") {
        connected k;
        CHECK(k.p.send(k.c, seg(101 + 8192, 0, "RST")) == outcome::stayed);
        CHECK(sent(k.c).empty());
        CHECK(k.c.state_name() == "ESTABLISHED");
        CHECK(k.p.send(k.c, seg(100, 0, "RST")) == outcome::stayed);  // just before RCV.NXT
        CHECK(sent(k.c).empty());
    }
    SECTION("SYN, in the window or not: challenge ACK") {
        connected k;
        CHECK(k.p.send(k.c, seg(101, 0, "SYN")) == outcome::stayed);
        CHECK(sent(k.c) == "<SEQ=5001><ACK=101><CTL=ACK>");
        CHECK(k.p.send(k.c, seg(999999, 0, "SYN")) == outcome::stayed);
        CHECK(sent(k.c) == "<SEQ=5001><ACK=101><CTL=ACK>");
        CHECK(k.c.state_name() == "ESTABLISHED");
        CHECK(k.c.tcb().receive_next == 101);
    }
    SECTION("RST at RCV.NXT in LAST-ACK closes too") {
        connected k;
        k.p.send(k.c, seg(101, 5001, "FIN,ACK"));
        k.c.process(wc::tcp_event::close{});
        REQUIRE(k.c.state_name() == "LAST-ACK");
        CHECK(k.p.send(k.c, seg(102, 0, "RST")) == outcome::moved);
        CHECK(k.c.state_name() == "CLOSED");
    }
}

TEST_CASE("ACK checks: unsent data, too old, missing", "[tcp_connection_test]") {
    connected k;
    auto& [c, p] = k;
    SECTION("ACK of unsent data: ACK, segment dropped") {
        CHECK(p.send(c, seg(101, 6000, "ACK"), "data") == outcome::stayed);
        CHECK(sent(c) == "<SEQ=5001><ACK=101><CTL=ACK>");
        CHECK(c.received().empty());
        CHECK(c.tcb().receive_next == 101);
        CHECK(c.tcb().send_unacknowledged == 5001);
    }
    SECTION("ACK before SND.UNA - MAX.SND.WND (RFC 5961 5): ACK, dropped") {
        CHECK(p.send(c, seg(101, 5001 - 8192 - 1, "ACK"), "data") == outcome::stayed);
        CHECK(sent(c) == "<SEQ=5001><ACK=101><CTL=ACK>");
        CHECK(c.received().empty());
        // at the edge it is only a duplicate ACK: the text is taken
        CHECK(p.send(c, seg(101, 5001 - 8192, "ACK"), "data") == outcome::stayed);
        CHECK(text(c.received()) == "data");
    }
    SECTION("no ACK bit: dropped without reply") {
        CHECK(p.send(c, seg(101, 0, ""), "data") == outcome::stayed);
        CHECK(sent(c).empty());
        CHECK(c.received().empty());
        CHECK(c.note() == "no ACK: drop");
    }
}

TEST_CASE("user calls: ABORT and the refusals", "[tcp_connection_test]") {
    connected k;
    auto& [c, p] = k;
    CHECK(c.process(wc::tcp_event::passive_open{}) == outcome::unexpected);
    CHECK(c.error() == "connection already exists");
    CHECK(c.process(wc::tcp_event::abort{}) == outcome::moved);
    CHECK(sent(c) == "<SEQ=5001><CTL=RST>");
    CHECK(c.state_name() == "CLOSED");

    wc::tcp_connection listening;
    listening.process(wc::tcp_event::passive_open{.local_port = 80});
    CHECK(listening.process(wc::tcp_event::send{}) == outcome::unexpected);
    CHECK(listening.error() == "connection not yet open");
    CHECK(listening.process(wc::tcp_event::close{}) == outcome::moved);
    CHECK(listening.state_name() == "CLOSED");
}

TEST_CASE("keepalive as Linux: idle time, interval, probe count", "[tcp_connection_test]") {
    // tcp_keepalive_time 10 s, _intvl 2 s, _probes 3: the first probe after 10 s of silence,
    // then one every 2 s; when 3 went unanswered, the next due time resets the connection.
    const wc::tcp_settings keepalive{.receive_window = 8192, .keepalive = true, .keepalive_time = 10s,
                                     .keepalive_interval = 2s, .keepalive_probes = 3};
    SECTION("the peer answers") {
        connected k(keepalive);
        auto& [c, p] = k;
        CHECK(c.process(wc::tcp_event::tick{9999ms}) == outcome::rejected);
        CHECK(c.process(wc::tcp_event::tick{10s}) == outcome::stayed);
        CHECK(sent(c) == "<SEQ=5000><ACK=101><CTL=ACK>");  // <SEQ=SND.UNA-1>: the peer must answer
        CHECK(c.note() == "send keepalive probe");
        CHECK(c.process(wc::tcp_event::tick{11s}) == outcome::rejected);
        CHECK(p.send(c, seg(101, 5001, "ACK")) == outcome::stayed);  // the answer, at 11 s
        CHECK(c.tcb().probes_unanswered == 0);
        CHECK(c.process(wc::tcp_event::tick{20s}) == outcome::rejected);  // idle since 11 s
        CHECK(c.process(wc::tcp_event::tick{21s}) == outcome::stayed);
        CHECK(c.state_name() == "ESTABLISHED");
    }
    SECTION("the peer resets") {
        connected k(keepalive);
        auto& [c, p] = k;
        c.process(wc::tcp_event::tick{10s});
        CHECK(p.send(c, seg(101, 0, "RST")) == outcome::moved);
        CHECK(c.state_name() == "CLOSED");
        CHECK(c.error() == "connection reset");
    }
    SECTION("the peer is silent") {
        connected k(keepalive);
        auto& [c, p] = k;
        for (auto at : {10s, 12s, 14s}) {
            CHECK(c.process(wc::tcp_event::tick{at - 1ms}) == outcome::rejected);
            CHECK(c.process(wc::tcp_event::tick{at}) == outcome::stayed);
            CHECK(sent(c) == "<SEQ=5000><ACK=101><CTL=ACK>");
        }
        CHECK(c.process(wc::tcp_event::tick{15s}) == outcome::rejected);
        CHECK(c.process(wc::tcp_event::tick{16s}) == outcome::moved);  // time + probes * interval
        CHECK(c.state_name() == "CLOSED");
        CHECK(sent(c) == "<SEQ=5001><ACK=101><CTL=RST,ACK>");
        CHECK(c.error() == "connection timed out");
    }
    SECTION("no probes while data is unacknowledged") {
        connected k(keepalive);
        auto& [c, p] = k;
        const std::string data = "x";
        c.process(wc::tcp_event::send{std::as_bytes(std::span(data.data(), data.size()))});
        CHECK(c.process(wc::tcp_event::tick{30s}) == outcome::rejected);
    }
}

TEST_CASE("the connection machine across the sequence wrap", "[tcp_connection_test]") {
    wc::tcp_connection c({.receive_window = 8192});
    peer p;
    c.process(wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 0xfffffffe});
    p.send(c, seg(0xfffffff0, 0, "SYN"));
    CHECK(sent(c) == "<SEQ=4294967294><ACK=4294967281><CTL=SYN,ACK>");
    CHECK(p.send(c, seg(0xfffffff1, 0xffffffff, "ACK"), "0123456789abcdefXYZ") == outcome::moved);
    CHECK(c.state_name() == "ESTABLISHED");
    CHECK(text(c.received()) == "0123456789abcdefXYZ");
    CHECK(c.tcb().receive_next == 4);  // 0xfffffff1 + 19, mod 2^32
    CHECK(sent(c) == "<SEQ=4294967295><ACK=4><CTL=ACK>");
    const std::string data = "abc";
    c.process(wc::tcp_event::send{std::as_bytes(std::span(data.data(), data.size()))});
    CHECK(c.tcb().send_next == 2);
    CHECK(p.send(c, seg(4, 2, "ACK")) == outcome::stayed);
    CHECK(c.tcb().send_unacknowledged == 2);
    CHECK(c.tcb().bytes_in_flight() == 0);
    CHECK(p.send(c, seg(4 - 100, 2, "RST")) == outcome::stayed);  // before RCV.NXT across the wrap: dropped
    CHECK(c.state_name() == "ESTABLISHED");
}

TEST_CASE("the table passes the DSL's checks and is the one in the docs", "[tcp_connection_test]") {
    using machine = wc::tcp_connection::machine_type;
    STATIC_REQUIRE(fsm::check_table<decltype(wc::tcp_connection_table::table())>());
    STATIC_REQUIRE(machine::state_count == 11);
    for (auto name : {"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
                      "CLOSING", "LAST-ACK", "TIME-WAIT"}) {
        bool found = false;
        for (std::size_t i = 0; i < machine::state_count; ++i) found = found || machine::state_name(i) == name;
        CHECK(found);
    }
    // docs/tcp-states.dot is this export; regenerate it with examples/tcp_states when the table changes.
    std::ifstream file(std::string(WIRECRAFT_TEST_DATA) + "/../../docs/tcp-states.dot");
    REQUIRE(file);
    const std::string docs((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(docs == fsm::to_dot<wc::tcp_connection_table>("TCP connection (RFC 9293, RFC 5961)"));
}
