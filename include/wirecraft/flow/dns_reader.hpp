// DNS over a TCP byte stream, one direction (RFC 1035 4.2.2, RFC 7766 8): messages behind a
// 2-octet length, cut out of the in-order bytes a tcp_stream delivers, whether several share a
// segment or one spans several. The reader holds at most one unfinished message (2 + 65,535
// octets).
//
//   wc::dns_tcp_reader dns;
//   stream.add(seq, segment_text, fin, [&](auto bytes) {
//       if (auto e = dns.add(bytes, [&](const wc::result<wc::view<wc::dns>>& m, std::uint64_t at) { ... })) report(*e);
//   });
//
// A message that does not parse is handed over as its error and the next one is read: its
// length still frames the stream. Only a length too short for a DNS header stops the reader.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "../proto/dns.hpp"
#include "stream_cutter.hpp"

namespace wirecraft {

struct dns_tcp_reader_counters {
    std::size_t messages = 0;  // parsed
    std::size_t malformed = 0;  // framed, but not a valid message
};

class dns_tcp_reader {
public:
    // In-order stream bytes. on_message(result<view<dns>>, stream offset of its length prefix)
    // for each message framed; the view is valid during the call only (a message that spanned
    // segments lies in the reader's buffer). Errors count from the stream's first byte.
    template <class OnMessage>
    std::optional<error> add(std::span<const std::byte> bytes, OnMessage&& on_message) {
        auto message_size = [](std::span<const std::byte> prefix, std::uint64_t at) -> result<std::size_t> {
            const std::size_t length = std::to_integer<std::size_t>(prefix[0]) << 8 | std::to_integer<std::size_t>(prefix[1]);
            if (length < dns_header_size)
                return error{error_kind::length_inconsistent, "dns_over_tcp", "length", static_cast<std::size_t>(at), length,
                             dns_header_size, "a DNS header needs"};
            return 2 + length;
        };
        return messages_.add(bytes, 2, message_size, [&](std::span<const std::byte> framed) {
            const std::uint64_t at = messages_.offset();
            auto message = parse<dns>(framed.subspan(2));
            if (message) ++counters_.messages;
            else {
                ++counters_.malformed;
                message = message.error().shifted(static_cast<std::size_t>(at) + 2);
            }
            on_message(message, at);
        });
    }

    std::size_t buffered() const { return messages_.buffered(); }
    const dns_tcp_reader_counters& counters() const { return counters_; }

private:
    static constexpr std::size_t dns_header_size = 12;
    detail::stream_cutter messages_{};
    dns_tcp_reader_counters counters_{};
};

}  // namespace wirecraft
