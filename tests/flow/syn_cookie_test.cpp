// SYN cookies. The cookie values come from tests/data/syn_cookie_expected.py, a transcription
// of Linux's net/ipv4/syncookies.c and net/ipv6/syncookies.c (not of our code). The rest are
// properties taken from the same source: the minute in the top 8 bits, two minutes of
// validity, the MSS table, and a cookie bound to its connection.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <string>

#include <wirecraft/flow/syn_cookie.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;
using wc::tcp_event::segment;
using namespace std::chrono_literals;

namespace {

wc::siphash_key key_from_hex(const std::string& hex) {
    std::array<std::byte, 16> bytes{};
    for (std::size_t i = 0; i < 16; ++i) bytes[i] = std::byte(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
    return wc::siphash_key::from_bytes(bytes);
}

std::uint32_t number(const std::string& s) { return static_cast<std::uint32_t>(std::stoul(s)); }
wc::flow_time at_minute(std::uint32_t minute) { return wc::flow_time(std::chrono::minutes(minute)) + 59s; }

// What the kernel would answer: the MSS, or -1 when it refuses the cookie.
template <class Address>
void run_case(const std::vector<std::string>& row) {
    const auto client = *Address::parse(row[2]);
    const auto server = *Address::parse(row[3]);
    const auto client_port = static_cast<std::uint16_t>(number(row[4]));
    const auto server_port = static_cast<std::uint16_t>(number(row[5]));
    const wc::syn_cookies cookies(wc::syn_cookie_secret{key_from_hex(row[8]), key_from_hex(row[9])});
    const auto minute = number(row[10]);
    if (row[0] == "make") {
        const segment syn{.source_port = client_port, .destination_port = server_port, .sequence_number = number(row[6]),
                          .syn = true, .mss = static_cast<std::uint16_t>(number(row[7]))};
        const auto cookie = cookies.make(client, server, syn, at_minute(minute));
        CHECK(cookie.sequence == number(row[11]));
        CHECK(cookie.mss == number(row[12]));
    } else {
        const segment ack{.source_port = client_port, .destination_port = server_port, .sequence_number = number(row[6]),
                          .acknowledgment_number = number(row[7]), .ack = true};
        const auto verdict = cookies.check(client, server, ack, at_minute(minute));
        if (row[11] == "-1") {
            CHECK(verdict.verdict != wc::syn_cookie_verdict::valid);
        } else {
            CHECK(verdict.verdict == wc::syn_cookie_verdict::valid);
            CHECK(verdict.mss == number(row[11]));
            CHECK(verdict.sequence == number(row[7]) - 1);
        }
    }
}

constexpr wc::ipv4_address client_v4{std::array<std::uint8_t, 4>{10, 99, 0, 2}};
constexpr wc::ipv4_address server_v4{std::array<std::uint8_t, 4>{10, 99, 0, 1}};
const wc::syn_cookies test_cookies(wc::syn_cookie_secret{{0x0123456789abcdefULL, 0xfedcba9876543210ULL}, {42, 43}});

constexpr segment syn_from(std::uint16_t client_port, std::uint32_t sequence, std::uint16_t mss) {
    return {.source_port = client_port, .destination_port = 80, .sequence_number = sequence, .syn = true, .mss = mss};
}
constexpr segment ack_for(const segment& syn, std::uint32_t cookie) {
    return {.source_port = syn.source_port, .destination_port = syn.destination_port, .sequence_number = syn.sequence_number + 1,
            .acknowledgment_number = cookie + 1, .ack = true, .window = 64240};
}

}  // namespace

TEST_CASE("syn cookies: equal to Linux's, for IPv4 and IPv6", "[syn_cookie_test]") {
    const auto rows = wctest::tsv_rows("syn_cookies.tsv");
    REQUIRE(rows.size() == 120);
    int valid = 0, refused = 0;
    for (const auto& row : rows) {
        REQUIRE(row.size() >= 12);
        INFO(row[0] << " IPv" << row[1] << " " << row[2] << ":" << row[4] << " -> " << row[3] << ":" << row[5] << " minute " << row[10]);
        if (row[1] == "4") run_case<wc::ipv4_address>(row);
        else run_case<wc::ipv6_address>(row);
        if (row[0] == "check") (row[11] == "-1" ? refused : valid)++;
    }
    CHECK(valid > 20);  // the file exercises both answers
    CHECK(refused > 20);
}

TEST_CASE("syn cookies: valid this minute and the next, expired after, with its age", "[syn_cookie_test]") {
    const auto syn = syn_from(40000, 0xffffffffu, 1460);  // the ACK's SEG.SEQ wraps to 0
    const wc::flow_time made = 123min + 30s;
    const auto cookie = test_cookies.make(client_v4, server_v4, syn, made);
    CHECK(cookie.mss == 1460);
    const auto ack = ack_for(syn, cookie.sequence);
    CHECK(ack.sequence_number == 0);

    auto now = test_cookies.check(client_v4, server_v4, ack, made);
    CHECK(now.verdict == wc::syn_cookie_verdict::valid);
    CHECK(now.age == 0);
    CHECK(now.mss == 1460);
    CHECK(now.sequence == cookie.sequence);
    CHECK(static_cast<bool>(now));

    auto next = test_cookies.check(client_v4, server_v4, ack, 124min + 59s);
    CHECK(next.verdict == wc::syn_cookie_verdict::valid);
    CHECK(next.age == 1);

    auto late = test_cookies.check(client_v4, server_v4, ack, 125min);
    CHECK(late.verdict == wc::syn_cookie_verdict::expired);
    CHECK(late.age == 2);
    CHECK(late.mss == 1460);
    CHECK_FALSE(static_cast<bool>(late));
    CHECK(test_cookies.check(client_v4, server_v4, ack, 123min + 200min).verdict == wc::syn_cookie_verdict::expired);
    // A clock gone back reads as 255 minutes old; the second hash is then taken over the wrong
    // minute, so the cookie cannot be told from a forgery.
    CHECK(test_cookies.check(client_v4, server_v4, ack, 122min).verdict == wc::syn_cookie_verdict::forged);
    // The top byte wraps after 256 minutes, but the second hash binds all 32 bits of the minute.
    CHECK(test_cookies.check(client_v4, server_v4, ack, made + 256min).verdict == wc::syn_cookie_verdict::forged);
}

TEST_CASE("syn cookies: forged ones are refused", "[syn_cookie_test]") {
    const auto syn = syn_from(40001, 1000, 1400);
    const auto cookie = test_cookies.make(client_v4, server_v4, syn, 10min);
    CHECK(cookie.mss == 1300);
    const auto ack = ack_for(syn, cookie.sequence);
    REQUIRE(test_cookies.check(client_v4, server_v4, ack, 10min).verdict == wc::syn_cookie_verdict::valid);

    SECTION("another connection's identity") {
        auto other_port = ack;
        other_port.source_port = 40002;
        CHECK(test_cookies.check(client_v4, server_v4, other_port, 10min).verdict == wc::syn_cookie_verdict::forged);
        auto other_server_port = ack;
        other_server_port.destination_port = 81;
        CHECK(test_cookies.check(client_v4, server_v4, other_server_port, 10min).verdict == wc::syn_cookie_verdict::forged);
        constexpr wc::ipv4_address spoofed{std::array<std::uint8_t, 4>{10, 99, 0, 3}};
        CHECK(test_cookies.check(spoofed, server_v4, ack, 10min).verdict == wc::syn_cookie_verdict::forged);
        CHECK(test_cookies.check(server_v4, client_v4, ack, 10min).verdict == wc::syn_cookie_verdict::forged);
    }
    SECTION("another secret") {
        const wc::syn_cookies other(wc::syn_cookie_secret{{1, 2}, {42, 43}});
        CHECK(other.check(client_v4, server_v4, ack, 10min).verdict == wc::syn_cookie_verdict::forged);
    }
    SECTION("the client's sequence number is bound in, through the MSS index") {
        // SEG.SEQ is subtracted as it is, so a shift moves the index: one back turns 1300 into
        // 536, as it would in Linux; a shift beyond the table's 4 entries is refused.
        auto shifted = ack;
        shifted.sequence_number += 1;
        const auto one = test_cookies.check(client_v4, server_v4, shifted, 10min);
        CHECK(one.verdict == wc::syn_cookie_verdict::valid);
        CHECK(one.mss == 536);
        shifted.sequence_number += 4095;
        CHECK(test_cookies.check(client_v4, server_v4, shifted, 10min).verdict == wc::syn_cookie_verdict::forged);
        shifted.sequence_number = ack.sequence_number - 3;
        CHECK(test_cookies.check(client_v4, server_v4, shifted, 10min).verdict == wc::syn_cookie_verdict::forged);
    }
    SECTION("not the third segment of a handshake") {
        auto no_ack = ack;
        no_ack.ack = false;
        CHECK(test_cookies.check(client_v4, server_v4, no_ack, 10min).verdict == wc::syn_cookie_verdict::forged);
        auto with_rst = ack;
        with_rst.rst = true;
        CHECK(test_cookies.check(client_v4, server_v4, with_rst, 10min).verdict == wc::syn_cookie_verdict::forged);
        auto with_syn = ack;
        with_syn.syn = true;
        CHECK(test_cookies.check(client_v4, server_v4, with_syn, 10min).verdict == wc::syn_cookie_verdict::forged);
    }
    SECTION("guessed acknowledgment numbers: about 2^-29 of them pass") {
        std::mt19937 random(5961);
        int accepted = 0;
        for (int i = 0; i < 200000; ++i) {
            auto guess = ack;
            guess.acknowledgment_number = static_cast<std::uint32_t>(random());
            if (test_cookies.check(client_v4, server_v4, guess, 10min)) ++accepted;
        }
        CHECK(accepted == 0);
    }
}

TEST_CASE("syn cookies: the MSS index, and the default without an option", "[syn_cookie_test]") {
    struct mss_case {
        std::uint16_t offered, v4, v6;
    };
    const std::array<mss_case, 9> cases{{{0, 536, 1220},
                                         {100, 536, 1220},
                                         {536, 536, 1220},
                                         {1299, 536, 1220},
                                         {1300, 1300, 1220},
                                         {1440, 1440, 1440},
                                         {1460, 1460, 1440},
                                         {8940, 1460, 8940},
                                         {65495, 1460, 8940}}};
    constexpr wc::ipv6_address client_v6{std::array<std::uint8_t, 16>{0xfd, 0, 0, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};
    constexpr wc::ipv6_address server_v6{std::array<std::uint8_t, 16>{0xfd, 0, 0, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
    for (const auto& c : cases) {
        INFO("MSS option " << c.offered);
        const auto syn = syn_from(40003, 77, c.offered);
        const auto v4 = test_cookies.make(client_v4, server_v4, syn, 5min);
        CHECK(v4.mss == c.v4);
        CHECK(test_cookies.check(client_v4, server_v4, ack_for(syn, v4.sequence), 5min).mss == c.v4);
        const auto v6 = test_cookies.make(client_v6, server_v6, syn, 5min);
        CHECK(v6.mss == c.v6);
        CHECK(test_cookies.check(client_v6, server_v6, ack_for(syn, v6.sequence), 5min).mss == c.v6);
    }
}

TEST_CASE("syn cookies: the age counts whole minutes up to 255, then the cookie reads as forged", "[syn_cookie_test]") {
    const auto syn = syn_from(40004, 5000, 1460);
    const auto first = test_cookies.make(client_v4, server_v4, syn, 7min);
    const auto ack = ack_for(syn, first.sequence);
    for (std::uint32_t age = 0; age < 256; ++age) {
        INFO("checked " << age << " minutes later");
        const auto v = test_cookies.check(client_v4, server_v4, ack, 7min + std::chrono::minutes(age) + 59s);
        CHECK(v.verdict == (age < 2 ? wc::syn_cookie_verdict::valid : wc::syn_cookie_verdict::expired));
        CHECK(v.age == age);
        CHECK(v.mss == 1460);
    }
    CHECK(test_cookies.check(client_v4, server_v4, ack, 7min + 256min).verdict == wc::syn_cookie_verdict::forged);
    // Same minute, same SYN: the same cookie (a retransmitted SYN gets the same SYN-ACK).
    CHECK(test_cookies.make(client_v4, server_v4, syn, 7min + 59s).sequence == first.sequence);
    // SEG.SEQ moves the cookie by exactly as much.
    CHECK(test_cookies.make(client_v4, server_v4, syn_from(40004, 5100, 1460), 7min).sequence == first.sequence + 100);
}

TEST_CASE("syn cookies: a valid cookie rebuilds the connection, ESTABLISHED", "[syn_cookie_test]") {
    const auto syn = syn_from(40005, 0x7ffffff0u, 1460);
    const auto cookie = test_cookies.make(client_v4, server_v4, syn, 1min);
    const auto text = wctest::text_bytes("GET / HTTP/1.0\r\n\r\n");
    auto ack = ack_for(syn, cookie.sequence);
    ack.payload = text;
    const auto verdict = test_cookies.check(client_v4, server_v4, ack, 1min);
    REQUIRE(verdict);

    auto rebuilt = wc::syn_cookie_connection(ack, verdict, wc::tcp_settings{.receive_window = 29200});
    REQUIRE(rebuilt.has_value());
    auto& c = *rebuilt;
    CHECK(c.state_name() == "ESTABLISHED");
    const auto& t = c.tcb();
    CHECK(t.local_port == 80);
    CHECK(t.remote_port == 40005);
    CHECK(t.initial_send_sequence == cookie.sequence);
    CHECK(t.send_unacknowledged == cookie.sequence + 1);  // our SYN is acknowledged
    CHECK(t.send_next == cookie.sequence + 1);
    CHECK(t.initial_receive_sequence == syn.sequence_number);
    CHECK(t.receive_next == syn.sequence_number + 1 + text.size());
    CHECK(t.send_mss == 1460);
    CHECK(t.send_window == 64240);
    CHECK(c.received().size() == text.size());
    REQUIRE(c.reply().has_value());  // the text is acknowledged: <SEQ=ISS+1><ACK=RCV.NXT><CTL=ACK>
    CHECK(c.reply()->header.sequence_number == cookie.sequence + 1);
    CHECK(c.reply()->header.acknowledgment_number == syn.sequence_number + 1 + text.size());
    CHECK(c.reply()->header.ack);
    CHECK(c.reply()->header.window == 29200);

    // It then behaves as any connection: the answer goes out in segments of the cookie's MSS.
    std::vector<std::byte> page(3000, std::byte{'x'});
    c.process(wc::tcp_event::send{page});
    REQUIRE(c.reply().has_value());
    CHECK(c.reply()->payload.size() == 1460);
    CHECK(c.reply()->header.sequence_number == cookie.sequence + 1);

    // Without a valid cookie there is no connection to rebuild.
    auto forged = ack;
    forged.acknowledgment_number += 0x01000000;
    const auto refused = test_cookies.check(client_v4, server_v4, forged, 1min);
    CHECK_FALSE(refused);
    CHECK_FALSE(wc::syn_cookie_connection(forged, refused).has_value());
    CHECK_FALSE(wc::syn_cookie_connection(ack, test_cookies.check(client_v4, server_v4, ack, 4min)).has_value());  // expired
}
