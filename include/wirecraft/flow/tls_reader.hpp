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

namespace wirecraft {

namespace detail {
// Cuts whole items (a header that gives the item's length, then the rest) out of a stream fed
// in pieces. Items wholly inside one piece are handed out as views of it; an item that spans
// pieces is gathered in `partial_`, which holds at most one item.
class stream_cutter {
public:
    // item_size(header bytes) -> the whole item's size, or an error at the header.
    template <class ItemSize, class OnItem>
    std::optional<error> add(std::span<const std::byte> bytes, std::size_t header_size, ItemSize&& item_size, OnItem&& on_item) {
        if (failed_) return failed_;
        while (!partial_.empty() && !bytes.empty()) {
            const std::size_t wanted = partial_.size() < header_size ? header_size : pending_size_;
            const std::size_t take = std::min(wanted - partial_.size(), bytes.size());
            partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
            bytes = bytes.subspan(take);
            if (partial_.size() == header_size && pending_size_ == 0) {
                auto size = item_size(std::span<const std::byte>(partial_), offset_);
                if (!size) return fail(size.error());
                pending_size_ = *size;
            }
            if (pending_size_ != 0 && partial_.size() == pending_size_) {
                on_item(std::span<const std::byte>(partial_));
                offset_ += partial_.size();
                partial_.clear();
                pending_size_ = 0;
            }
        }
        while (bytes.size() >= header_size) {
            auto size = item_size(bytes.first(header_size), offset_);
            if (!size) return fail(size.error());
            if (*size > bytes.size()) {
                pending_size_ = *size;
                break;
            }
            on_item(bytes.first(*size));
            offset_ += *size;
            bytes = bytes.subspan(*size);
        }
        partial_.insert(partial_.end(), bytes.begin(), bytes.end());
        return std::nullopt;
    }
    std::size_t buffered() const { return partial_.size(); }
    std::uint64_t offset() const { return offset_; }  // where the next item starts in the stream

private:
    std::optional<error> fail(const error& e) {
        failed_ = e;
        partial_.clear();
        partial_.shrink_to_fit();
        return failed_;
    }
    std::vector<std::byte> partial_{};
    std::size_t pending_size_ = 0;  // the size of the item being gathered, once its header is in
    std::uint64_t offset_ = 0;
    std::optional<error> failed_{};  // the stream is not what it should be: nothing more is read
};
}  // namespace detail

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
