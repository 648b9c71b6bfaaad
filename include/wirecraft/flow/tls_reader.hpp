// TLS over a TCP byte stream, one direction: records cut out of the in-order bytes a tcp_stream
// delivers, and handshake messages joined across records. Both hold at most one unfinished
// item: a record is at most 5 + 2^14 + 2048 bytes, and a handshake message at most
// `max_handshake_message` (a limit of ours: the 24-bit length allows 16 MiB).
//
//   wc::tls_reader tls;
//   stream.add(seq, segment_text, fin, [&](auto bytes) {
//       if (auto e = tls.add(bytes, on_record, on_message)) report(*e);
//   });
//
// After a ChangeCipherSpec, the sender's handshake records are encrypted (TLS 1.2's Finished,
// and renegotiations). They go to on_record but not to the message reader: their bytes are not
// handshake messages. In TLS 1.3 the ChangeCipherSpec means nothing (negotiating_tls_1_3()).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "../proto/tls.hpp"
#include "stream_cutter.hpp"

namespace wirecraft {

struct tls_reader_limits {
    std::size_t max_handshake_message = 1u << 18;  // 256 KiB: certificate chains fit
};

struct tls_reader_counters {
    std::size_t records = 0;
    std::size_t messages = 0;
    std::size_t encrypted_handshake_records = 0;
};

class tls_reader {
public:
    explicit tls_reader(tls_reader_limits limits = {}) : limits_(limits) {}

    // In-order stream bytes. on_record(view<tls_record>) gets every record, and
    // on_message(view<tls_handshake>) every plaintext handshake message, whichever records it
    // came in. An error (a byte that cannot start a record, a record or message over its
    // limit) names the stream offset; the reader then stops.
    template <class OnRecord, class OnMessage>
    std::optional<error> add(std::span<const std::byte> bytes, OnRecord&& on_record, OnMessage&& on_message) {
        if (failed_) return failed_;
        auto record_size = [](std::span<const std::byte> header, std::uint64_t at) -> result<std::size_t> {
            const auto type = std::to_integer<unsigned>(header[0]);
            if (type < 20 || type > 24)
                return error{error_kind::malformed, "tls_record", "content_type", static_cast<std::size_t>(at), type, 0,
                             "not a TLS record; offset counted in the stream"};
            const std::size_t length = std::to_integer<std::size_t>(header[3]) << 8 | std::to_integer<std::size_t>(header[4]);
            if (length > tls_max_ciphertext_1_2)
                return error{error_kind::out_of_range, "tls_record", "length", static_cast<std::size_t>(at) + 3, length,
                             tls_max_ciphertext_1_2, "offset counted in the stream"};
            return tls_record_header_size + length;
        };
        auto message_size = [this](std::span<const std::byte> header, std::uint64_t at) -> result<std::size_t> {
            const std::size_t length = std::to_integer<std::size_t>(header[1]) << 16 | std::to_integer<std::size_t>(header[2]) << 8 |
                                       std::to_integer<std::size_t>(header[3]);
            if (length > limits_.max_handshake_message)
                return error{error_kind::limit_exceeded, "tls_handshake", "length", static_cast<std::size_t>(at) + 1, length,
                             limits_.max_handshake_message, "offset counted in the handshake records' bytes"};
            return tls_handshake_header_size + length;
        };
        auto on_whole_record = [&](std::span<const std::byte> bytes) {
            if (failed_) return;  // a message error stops the records after it too
            const auto record = parse<tls_record>(bytes);  // the cutter checked its framing
            if (!record) return;
            ++counters_.records;
            on_record(*record);
            const auto type = record->get<"content_type">();
            if (type == tls_content_type::change_cipher_spec && !tls13_) encrypted_ = true;
            if (type != tls_content_type::handshake) return;
            if (encrypted_) {
                ++counters_.encrypted_handshake_records;
                return;
            }
            failed_ = messages_.add(record->payload(), tls_handshake_header_size, message_size, [&](std::span<const std::byte> m) {
                if (auto message = parse<tls_handshake>(m)) {
                    ++counters_.messages;
                    on_message(*message);
                }
            });
        };
        if (auto e = records_.add(bytes, tls_record_header_size, record_size, on_whole_record)) failed_ = e;
        return failed_;
    }

    // TLS 1.3 is being negotiated (the peer's ServerHello or HelloRetryRequest said so). Its
    // ChangeCipherSpec is a dummy for middleboxes (RFC 8446 D.4) and starts nothing: after it a
    // client still sends its second ClientHello in the clear, and TLS 1.3 encrypts into
    // application_data records, never handshake ones. Call it before the bytes after that hello.
    void negotiating_tls_1_3() {
        tls13_ = true;
        encrypted_ = false;
    }

    bool encrypted() const { return encrypted_; }  // a ChangeCipherSpec has been seen (TLS 1.2 and before)
    std::size_t buffered() const { return records_.buffered() + messages_.buffered(); }
    const tls_reader_counters& counters() const { return counters_; }

private:
    tls_reader_limits limits_;
    detail::stream_cutter records_{};
    detail::stream_cutter messages_{};
    bool encrypted_ = false;
    bool tls13_ = false;
    tls_reader_counters counters_{};
    std::optional<error> failed_{};  // the first error: nothing is read after it
};

}  // namespace wirecraft
