// SYN cookies under random keys, connections, clocks and tampering. The input:
//   32 bytes of keys, 1 byte (bit 0: IPv6), the client's and the server's addresses (4 or 16
//   bytes each), ports (2 + 2), the SYN's sequence number (4), its MSS option (2), the minute
//   (4), a delay in minutes (1), a tamper mask for the acknowledgment number (4), flags (1).
// Properties, from Linux's construction:
//   make picks the largest MSS of the table not above the offer (the smallest if none is);
//   the cookie checks as valid with that MSS for a delay of 0 or 1 minute, and as expired
//   with its age for a delay of 2..255;
//   a valid cookie rebuilds a connection in ESTABLISHED with our SYN acknowledged, and no other
//   verdict rebuilds one;
//   a tampered cookie's verdict agrees with its own fields (forged: no MSS or age; expired: 2
//   minutes or more; otherwise an MSS of the table).
#include <algorithm>
#include <array>
#include <string>

#include <wirecraft/flow/syn_cookie.hpp>

#include "fuzz.hpp"

namespace {
using namespace wcfuzz;

template <std::size_t N>
std::array<std::uint8_t, N> octets(input_reader& r) {
    // Copied from a span: g++ 12 at -O3 mis-sizes a loop of u8() calls (-Wstringop-overflow).
    const auto bytes = r.take(N);
    std::array<std::uint8_t, N> a{};
    std::transform(bytes.begin(), bytes.end(), a.begin(), [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
    return a;
}

template <class Address>
void run(input_reader& r, const wc::syn_cookies& cookies) {
    const Address client(octets<sizeof(Address)>(r));
    const Address server(octets<sizeof(Address)>(r));
    wc::tcp_event::segment syn{.source_port = r.u16(), .destination_port = r.u16(), .sequence_number = r.u32(), .syn = true};
    syn.mss = r.u16();
    const std::uint32_t minute = r.u32();
    const std::uint32_t delay = r.u8();
    const std::uint32_t tamper = r.u32();
    const std::uint8_t flags = r.u8();
    const wc::flow_time made = std::chrono::duration_cast<wc::flow_time>(std::chrono::minutes(minute));
    const wc::flow_time later = made + std::chrono::minutes(delay) + std::chrono::seconds(flags % 60);

    const auto cookie = cookies.make(client, server, syn, made);
    const auto& table = sizeof(Address) == 4 ? wc::syn_cookies::ipv4_mss_values : wc::syn_cookies::ipv6_mss_values;
    const std::uint16_t offered = syn.mss != 0 ? syn.mss : 536;
    std::uint16_t expected_mss = table[0];
    for (auto v : table)
        if (v <= offered) expected_mss = v;
    if (cookie.mss != expected_mss) fail("syn_cookie: make chose the wrong MSS", std::to_string(cookie.mss));

    wc::tcp_event::segment ack{.source_port = syn.source_port, .destination_port = syn.destination_port,
                               .sequence_number = syn.sequence_number + 1, .acknowledgment_number = cookie.sequence + 1,
                               .ack = true, .fin = (flags & 0x80) != 0, .window = r.u16()};
    const auto verdict = cookies.check(client, server, ack, later);
    const auto wanted = delay < wc::syn_cookies::max_age ? wc::syn_cookie_verdict::valid : wc::syn_cookie_verdict::expired;
    if (verdict.verdict != wanted || verdict.mss != cookie.mss || verdict.age != delay || verdict.sequence != cookie.sequence)
        fail("syn_cookie: an untouched cookie did not check as made", std::string(to_string(verdict.verdict)) + " age " + std::to_string(verdict.age));

    const auto c = wc::syn_cookie_connection(ack, verdict);
    if (c.has_value() != static_cast<bool>(verdict)) fail("syn_cookie: a connection without a valid cookie, or none with one", "");
    if (c) {
        const bool open = ack.fin ? c->is(wc::fsm::state<"CLOSE-WAIT">) : c->is(wc::fsm::state<"ESTABLISHED">);
        if (!open || c->tcb().send_unacknowledged != cookie.sequence + 1 || c->tcb().receive_next != ack.sequence_number + (ack.fin ? 1u : 0u))
            fail("syn_cookie: the rebuilt connection is not open", std::string(c->state_name()));
    }

    // A tampered cookie: the verdict's fields agree with it (a forgery names no MSS or age, an
    // expired one is 2 or more minutes old), and no connection comes of anything but valid.
    if (tamper != 0) {
        ack.acknowledgment_number ^= tamper;
        const auto tampered = cookies.check(client, server, ack, later);
        const bool on_table = std::find(table.begin(), table.end(), tampered.mss) != table.end();
        const bool consistent = tampered.verdict == wc::syn_cookie_verdict::forged
                                    ? tampered.mss == 0 && tampered.age == 0
                                    : on_table && (tampered.verdict == wc::syn_cookie_verdict::expired) == (tampered.age >= wc::syn_cookies::max_age);
        if (!consistent) fail("syn_cookie: a tampered cookie's verdict contradicts itself", std::string(to_string(tampered.verdict)));
        if (wc::syn_cookie_connection(ack, tampered).has_value() != static_cast<bool>(tampered))
            fail("syn_cookie: a tampered cookie's connection does not follow its verdict", "");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    input_reader r{bytes_view(reinterpret_cast<const std::byte*>(data), size)};
    wc::syn_cookie_secret secret{{r.u64(), r.u64()}, {r.u64(), r.u64()}};
    const wc::syn_cookies cookies(secret);
    if (r.u8() & 1) run<wc::ipv6_address>(r, cookies);
    else run<wc::ipv4_address>(r, cookies);
    return 0;
}
