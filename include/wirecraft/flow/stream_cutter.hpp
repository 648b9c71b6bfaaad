// Whole items cut out of a byte stream fed in pieces (TLS records and handshake messages, DNS
// messages over TCP): the framing both readers share.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "../schema.hpp"

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

}  // namespace wirecraft
