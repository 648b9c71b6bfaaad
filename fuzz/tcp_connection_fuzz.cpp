// The TCP connection machine under random event sequences. The input is a list of commands:
//   0 L(2) bytes...        a segment from raw bytes (parsed with the codec; skipped if it fails)
//   1 flags s a w(2) n     a segment relative to the machine: SEQ = RCV.NXT + s, ACK = SND.NXT + a
//                          (s, a signed), window w, n bytes of text; flags: SYN ACK FIN RST bits
//   2 / 3                  passive / active OPEN       4 n   SEND n bytes
//   5 / 6                  CLOSE / ABORT               7 d   tick d * 250 ms later
// After every event the machine's invariants must hold:
//   SND.UNA =< SND.NXT, with no more in flight than the largest window offered plus SYN and FIN;
//   RCV.NXT moves by the text delivered (plus one for a SYN or FIN) and the text delivered is a
//   view into the segment's own payload; a reply serializes and parses back, its text within the
//   peer's MSS; every handled event names its rule; a refused user call says why.
#include <array>

#include <wirecraft/flow/tcp_connection.hpp>

#include "fuzz.hpp"

namespace {
using namespace wcfuzz;
using wc::fsm::outcome;

constexpr std::array<std::byte, 255> text_bytes{};  // what SEND and crafted segments carry

bool synchronized(std::string_view state) {
    return state != "CLOSED" && state != "LISTEN" && state != "SYN-SENT";
}

void check_reply(const wc::tcp_connection& c) {
    if (!c.reply()) return;
    const auto& r = *c.reply();
    if (r.payload.size() > c.tcb().send_mss) fail("a reply's text exceeds the peer's MSS", std::to_string(r.payload.size()));
    wc::tcp header = r.header;
    header.checksum = 0;
    auto bytes = wc::to_bytes(header, r.payload);
    if (!bytes) fail("a reply must serialize", to_string(bytes.error()));
    auto back = wc::parse<wc::tcp>(std::span<const std::byte>(*bytes));
    if (!back) fail("a reply must parse back", to_string(back.error()));
    if (wc::to_bytes(wc::to_owned(*back), back->payload()).value() != *bytes) fail("a reply re-serializes exactly", "");
}

template <class Event>
void run(wc::tcp_connection& c, const Event& e, bytes_view payload = {}) {
    const auto before = c.tcb();
    const std::string_view state_before = c.state_name();
    const outcome o = c.process(e);
    const auto& t = c.tcb();
    if (wc::sequence::gt(t.send_unacknowledged, t.send_next)) fail("SND.UNA =< SND.NXT", std::string(c.state_name()));
    if (t.bytes_in_flight() > t.max_send_window + 2 && t.bytes_in_flight() > 1)
        fail("no more in flight than the window allows", std::to_string(t.bytes_in_flight()));
    if (!t.received.empty() &&
        (t.received.data() < payload.data() || t.received.data() + t.received.size() > payload.data() + payload.size()))
        fail("delivered text is a view into the segment", "");
    if constexpr (std::is_same_v<Event, wc::tcp_event::segment>) {
        if (synchronized(state_before) && synchronized(c.state_name())) {
            const auto moved = t.receive_next - before.receive_next;
            if (moved != t.received.size() && moved != t.received.size() + 1)
                fail("RCV.NXT moves by the text taken and a FIN", std::to_string(moved) + " vs " + std::to_string(t.received.size()));
        }
    } else if constexpr (!std::is_same_v<Event, wc::tcp_event::tick>) {
        if (o == outcome::unexpected && t.error.empty()) fail("a refused call says why", std::string(c.state_name()));
    }
    if ((o == outcome::moved || o == outcome::stayed) && t.note.empty()) fail("a handled event names its rule", std::string(c.state_name()));
    check_reply(c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    input_reader in{as_bytes(data, size)};
    wc::tcp_connection c({.mss = 100, .receive_window = 1000, .time_wait = std::chrono::seconds(60), .keepalive = true,
                          .keepalive_time = std::chrono::seconds(10), .keepalive_interval = std::chrono::seconds(2),
                          .keepalive_probes = 3});
    wc::tcp_time now{};
    for (int events = 0; !in.empty() && events < 256; ++events) {
        switch (in.u8() % 8) {
            case 0: {
                const auto raw = in.take(in.u16() % 1600);
                auto v = wc::parse<wc::tcp>(raw);
                if (v) run(c, wc::tcp_event::segment::from(*v), v->payload());
                break;
            }
            case 1: {
                const std::uint8_t flags = in.u8();
                const auto seq_delta = static_cast<std::int8_t>(in.u8());
                const auto ack_delta = static_cast<std::int8_t>(in.u8());
                const std::uint16_t window = in.u16();
                const auto text = std::span(text_bytes).first(in.u8());
                const auto& t = c.tcb();
                wc::tcp h{.source_port = t.remote_port, .destination_port = t.local_port,
                          .sequence_number = t.receive_next + static_cast<std::uint32_t>(seq_delta),
                          .acknowledgment_number = t.send_next + static_cast<std::uint32_t>(ack_delta),
                          .ack = (flags & 2) != 0, .rst = (flags & 8) != 0, .syn = (flags & 1) != 0, .fin = (flags & 4) != 0,
                          .window = window, .checksum = 0};
                const auto bytes = wc::to_bytes(h, text);
                if (!bytes) fail("a crafted segment serializes", to_string(bytes.error()));
                auto v = wc::parse<wc::tcp>(std::span<const std::byte>(*bytes));
                if (!v) fail("a crafted segment parses", to_string(v.error()));
                run(c, wc::tcp_event::segment::from(*v), v->payload());
                break;
            }
            case 2: run(c, wc::tcp_event::passive_open{.local_port = 80, .initial_sequence = 0xfffffff0}); break;
            case 3: run(c, wc::tcp_event::active_open{.local_port = 80, .remote_port = 4000, .initial_sequence = 0x7ffffff0}); break;
            case 4: run(c, wc::tcp_event::send{std::span(text_bytes).first(in.u8())}); break;
            case 5: run(c, wc::tcp_event::close{}); break;
            case 6: run(c, wc::tcp_event::abort{}); break;
            case 7:
                now += std::chrono::milliseconds(250) * in.u8();
                run(c, wc::tcp_event::tick{now});
                break;
        }
    }
    return 0;
}
