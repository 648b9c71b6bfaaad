// SYN cookies: a listener under a SYN flood answers each SYN with a SYN-ACK whose initial
// sequence number encodes what it would otherwise have remembered. It then keeps no state until
// an ACK returns the number. This is Linux's construction (net/ipv4/syncookies.c,
// net/ipv6/syncookies.c); with the same two keys it gives the same numbers as a little-endian
// Linux host.
//
//   ISN = H(k0; addresses, ports, 0) + SEG.SEQ + (count << 24)
//         + ((H(k1; addresses, ports, count) + mss_index) mod 2^24)
//
// H is SipHash-2-4 cut to 32 bits. count is the minute the SYN arrived, and mss_index picks
// one of four MSS values. An ACK carries ISN + 1. Subtracting the first hash and its
// SEG.SEQ - 1 leaves the minute in the top 8 bits. The cookie is valid for MAX_SYNCOOKIE_AGE = 2
// minutes, counting the current one. Subtracting the second hash then leaves the MSS index,
// which must be below 4. A random guess passes with odds of about 2^-29.
//
//   wc::syn_cookies cookies(secret);
//   auto c = cookies.make(client, server, syn, now);     // c.sequence: the SYN-ACK's ISN
//   auto v = cookies.check(client, server, ack, now);    // v.verdict, v.mss
//   if (auto connection = wc::syn_cookie_connection(ack, v)) ...   // ESTABLISHED
//
// Left out: Linux also packs window scale, SACK and ECN into the TCP timestamp when the SYN has
// one. Without it a cookie connection, here as in Linux without timestamps, has no window
// scaling.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

#include "../checksum/siphash.hpp"
#include "../schema/address.hpp"
#include "tcp_connection.hpp"
#include "time.hpp"

namespace wirecraft {

// Linux's two keys, syncookie_secret[0] and [1]: random, and kept by the listener.
struct syn_cookie_secret {
    siphash_key first{};   // hides the connection's identity (added to every cookie)
    siphash_key second{};  // binds the minute and the MSS index
};

enum class syn_cookie_verdict : std::uint8_t {
    valid,    // ours, made this minute or the one before
    expired,  // ours, but made too long ago
    forged,   // not a cookie of ours for this connection (or older than 255 minutes)
};
constexpr std::string_view to_string(syn_cookie_verdict v) {
    switch (v) {
        case syn_cookie_verdict::valid: return "valid";
        case syn_cookie_verdict::expired: return "expired";
        case syn_cookie_verdict::forged: return "forged";
    }
    return "?";
}

struct syn_cookie_check {
    syn_cookie_verdict verdict = syn_cookie_verdict::forged;
    std::uint16_t mss = 0;         // the MSS the cookie encodes: valid or expired
    std::uint32_t age = 0;         // minutes since it was made (mod 256): valid or expired
    std::uint32_t sequence = 0;    // the ISN that was sent, SEG.ACK - 1
    constexpr explicit operator bool() const { return verdict == syn_cookie_verdict::valid; }
};

struct syn_cookie {
    std::uint32_t sequence = 0;  // the SYN-ACK's sequence number
    std::uint16_t mss = 0;       // the client's MSS as the cookie keeps it: what we send with
};

class syn_cookies {
public:
    static constexpr unsigned count_bits = 8;      // the top bits: the minute
    static constexpr unsigned cookie_bits = 24;    // COOKIEBITS: the rest
    static constexpr std::uint32_t cookie_mask = (1u << cookie_bits) - 1;
    static constexpr std::uint32_t max_age = 2;    // MAX_SYNCOOKIE_AGE, in minutes
    static constexpr flow_time period = std::chrono::minutes(1);
    // The MSS values a cookie can carry (msstab). IPv6's are 1280, 1480, 1500 and 9000 less the
    // 60 bytes of IPv6 and TCP headers.
    static constexpr std::array<std::uint16_t, 4> ipv4_mss_values{536, 1300, 1440, 1460};
    static constexpr std::array<std::uint16_t, 4> ipv6_mss_values{1220, 1420, 1440, 8940};

    constexpr explicit syn_cookies(const syn_cookie_secret& secret) : secret_(secret) {}

    // The cookie answering `syn`, which went from `client` to `server`. The clock is the
    // caller's, in any epoch; only whole minutes of it count. The MSS kept is the table's
    // largest not above the SYN's option (536 without one), or the table's smallest.
    template <class Address>
    constexpr syn_cookie make(const Address& client, const Address& server, const tcp_event::segment& syn, flow_time now) const {
        const auto& values = mss_values<Address>();
        std::uint32_t index = values.size() - 1;
        const std::uint16_t mss = syn.mss != 0 ? syn.mss : 536;  // no option: RFC 9293's default
        while (index > 0 && mss < values[index]) --index;
        const std::uint32_t count = minute(now);
        const identity<Address> id{client, server, syn.source_port, syn.destination_port};
        const std::uint32_t sequence = hash(id, 0, secret_.first) + syn.sequence_number + (count << cookie_bits) +
                                       ((hash(id, count, secret_.second) + index) & cookie_mask);
        return {sequence, values[index]};
    }

    // The verdict on `ack`, from `client` to `server`: the third segment of a handshake whose
    // SYN-ACK carried a cookie. Expired and forged are told apart by checking the cookie against
    // the minute its top bits name.
    template <class Address>
    constexpr syn_cookie_check check(const Address& client, const Address& server, const tcp_event::segment& ack, flow_time now) const {
        const identity<Address> id{client, server, ack.source_port, ack.destination_port};
        const std::uint32_t sent = ack.acknowledgment_number - 1;
        const std::uint32_t rest = sent - (hash(id, 0, secret_.first) + (ack.sequence_number - 1));
        const std::uint32_t count = minute(now);
        const std::uint32_t age = (count - (rest >> cookie_bits)) & ((1u << count_bits) - 1);
        const std::uint32_t index = (rest - hash(id, count - age, secret_.second)) & cookie_mask;
        const auto& values = mss_values<Address>();
        if (!ack.ack || ack.syn || ack.rst || index >= values.size()) return {syn_cookie_verdict::forged, 0, 0, sent};
        if (age >= max_age) return {syn_cookie_verdict::expired, values[index], age, sent};
        return {syn_cookie_verdict::valid, values[index], age, sent};
    }

    static constexpr std::uint32_t minute(flow_time now) {
        return static_cast<std::uint32_t>(static_cast<std::uint64_t>(now / period));
    }

private:
    template <class Address>
    struct identity {
        Address client, server;
        std::uint16_t client_port, server_port;
    };

    template <class Address>
    static constexpr const std::array<std::uint16_t, 4>& mss_values() {
        if constexpr (std::is_same_v<Address, ipv4_address>) return ipv4_mss_values;
        else return ipv6_mss_values;
    }

    // The bytes Linux hashes, as they lie in a little-endian kernel's memory. IPv4
    // (siphash_4u32): source address, destination address, the ports as one u32
    // (sport << 16 | dport, each still in network order), count. IPv6: a struct of
    // source, destination, count, sport, dport.
    template <class Address>
    static constexpr std::uint32_t hash(const identity<Address>& id, std::uint32_t count, const siphash_key& key) {
        constexpr std::size_t address_size = sizeof(Address);
        std::array<std::byte, 2 * address_size + 8> message{};
        std::size_t at = 0;
        auto put_bytes = [&](const auto& octets) {
            for (auto o : octets) message[at++] = std::byte(o);
        };
        auto put_little_32 = [&](std::uint32_t v) {
            for (int i = 0; i < 4; ++i) message[at++] = std::byte((v >> (8 * i)) & 0xff);
        };
        auto put_port = [&](std::uint16_t p) {  // network order
            message[at++] = std::byte(p >> 8);
            message[at++] = std::byte(p & 0xff);
        };
        put_bytes(id.client.octets);
        put_bytes(id.server.octets);
        if constexpr (std::is_same_v<Address, ipv4_address>) {
            put_port(id.server_port);  // the u32 sport << 16 | dport, little-endian: dport's bytes first
            put_port(id.client_port);
            put_little_32(count);
        } else {
            put_little_32(count);
            put_port(id.client_port);
            put_port(id.server_port);
        }
        return static_cast<std::uint32_t>(siphash(message, key));
    }

    syn_cookie_secret secret_;
};

// The connection a valid cookie stands for: rebuilt as the SYN-RECEIVED of a passive open it
// would have been (ISS = the cookie, IRS = SEG.SEQ - 1, the peer's MSS from the cookie), then
// given the ACK, which takes it to ESTABLISHED, or to CLOSE-WAIT if it carried a FIN. Any
// text on the ACK is in received(). Nothing unless the cookie is valid.
constexpr std::optional<tcp_connection> syn_cookie_connection(const tcp_event::segment& ack, const syn_cookie_check& cookie,
                                                              tcp_settings settings = {}, flow_time now = {}) {
    if (!cookie) return std::nullopt;
    tcp_control_block t{.settings = settings,
                        .local_port = ack.destination_port,
                        .remote_port = ack.source_port,
                        .initial_send_sequence = cookie.sequence,
                        .send_unacknowledged = cookie.sequence,
                        .send_next = cookie.sequence + 1,
                        .send_mss = cookie.mss,
                        .initial_receive_sequence = ack.sequence_number - 1,
                        .receive_next = ack.sequence_number,
                        .receive_window = settings.receive_window,
                        .opened_passively = true,
                        .now = now,
                        .last_received = now};
    tcp_connection c(tcp_connection::machine_type::resume_in(fsm::state<"SYN-RECEIVED">, std::move(t)));
    c.process(ack);
    return c;
}

}  // namespace wirecraft
