// DNS names inside messages (RFC 1035 3.1, 4.1.4): reading one through its compression
// pointers (the checked walk that words errors, the fast check parse uses, the view that reads a
// checked name) and writing names with suffix compression. The message codec in dns.hpp uses
// both; the owned name, dns_name, is in dns_rdata.hpp with the record data that holds names.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "../schema.hpp"
#include "dns_rdata.hpp"

namespace wirecraft {

namespace detail {
inline constexpr std::size_t dns_header_bytes = 12;

// Walks the name at `offset` of `message`, calling on_label(label bytes) for each label.
// Returns the octets the name takes in place (up to and including its end or first pointer),
// or an error at the offending octet (offsets counted from the message's start).
template <class OnLabel>
constexpr result<std::size_t> walk_dns_name(bytes_view message, std::size_t offset, OnLabel&& on_label) {
    auto fail = [&](error_kind kind, std::size_t at, std::uint64_t needed, std::uint64_t available, std::string_view detail) {
        return error{kind, "dns", "name", at, needed, available, detail};
    };
    // `floor`: where the part read last began; a pointer must lead before it, and what it leads
    // to must end before it too (a prior occurrence), which also keeps every read inside bytes
    // that were checked before this name.
    std::size_t pos = offset, floor = offset, limit = message.size(), in_place = 0, total = 1;
    bool jumped = false;
    auto past = [&](std::size_t needed) {
        return jumped ? fail(error_kind::malformed, pos, needed, limit, "compression pointer target runs past where it was referred from")
                      : fail(error_kind::truncated, pos, needed, limit, {});
    };
    for (;;) {
        if (pos >= limit) return past(pos + 1);
        const unsigned length = std::to_integer<unsigned>(message[pos]);
        if ((length & 0xc0) == 0xc0) {
            if (pos + 2 > limit) return past(pos + 2);
            const std::size_t target = ((length & 0x3f) << 8) | std::to_integer<unsigned>(message[pos + 1]);
            if (!jumped) in_place = pos + 2 - offset;
            if (target < dns_header_bytes)
                return fail(error_kind::malformed, pos, target, 0, "compression pointer into the header");
            if (target >= floor)
                return fail(error_kind::malformed, pos, target, 0,
                            target <= pos ? "compression pointer loop" : "compression pointer points forward");
            jumped = true;
            limit = floor;
            pos = floor = target;
            continue;
        }
        if (length & 0xc0) return fail(error_kind::malformed, pos, length, 0, "label type 0x40/0x80 is not supported");
        if (length == 0) {
            if (!jumped) in_place = pos + 1 - offset;
            return in_place;
        }
        if (pos + 1 + length > limit) return past(pos + 1 + length);
        total += 1 + length;
        if (total > dns_max_name) return fail(error_kind::limit_exceeded, pos, total, dns_max_name, "name length");
        on_label(message.subspan(pos + 1, length));
        pos += 1 + length;
    }
}
// The fast form of walk_dns_name's checks, for the parse hot path: the octets the name takes
// in place, or 0 when anything is wrong (walk_dns_name then says what and where).
// Labels are a chain of dependent loads (each length gives the next label), so the step moves a
// pointer: a load from a plain base address is a cycle faster than one with an index.
constexpr std::size_t check_dns_name(bytes_view message, std::size_t offset) {
    const std::byte *const base = message.data(), *const start = base + offset;
    const std::byte *p = start, *floor = start, *limit = base + message.size();
    std::size_t in_place = 0, total = 1;
    for (;;) {
        if (p >= limit) return 0;
        const std::size_t length = std::to_integer<std::size_t>(*p);
        if (length == 0) return in_place ? in_place : static_cast<std::size_t>(p + 1 - start);
        if (length < 0x40) {
            total += 1 + length;
            if (length >= static_cast<std::size_t>(limit - p) || total > dns_max_name) return 0;
            p += 1;  // apart from the length: it does not wait for the load
            p += length;
            continue;
        }
        if (length < 0xc0 || limit - p < 2) return 0;
        const std::size_t target = ((length & 0x3f) << 8) | std::to_integer<std::size_t>(p[1]);
        if (!in_place) in_place = static_cast<std::size_t>(p + 2 - start);
        if (target < dns_header_bytes || target >= static_cast<std::size_t>(floor - base)) return 0;
        limit = floor;
        p = floor = base + target;
    }
}
// The octets a name takes where it is written (up to its zero or first pointer), without
// following pointers: for names parse has already checked.
constexpr std::size_t dns_name_in_place(bytes_view message, std::size_t offset) {
    std::size_t pos = offset;
    for (;;) {
        const unsigned length = std::to_integer<unsigned>(message[pos]);
        if (length == 0) return pos + 1 - offset;
        if (length >= 0xc0) return pos + 2 - offset;
        pos += 1 + length;
    }
}
}  // namespace detail

// A name inside a message, read through its compression pointers. Only made from validated
// messages, so reading cannot fail.
class dns_name_view {
public:
    constexpr dns_name_view() = default;
    constexpr dns_name_view(detail::bytes_view message, std::size_t offset) : message_(message), offset_(offset) {}

    // Parse has checked the name; this walk keeps only what makes it safe on any bytes (reads
    // in bounds, pointers backwards so it ends), not what makes it precise.
    template <class F>
    constexpr void for_each_label(F&& f) const {
        const std::byte* m = message_.data();
        const std::size_t size = message_.size();
        for (std::size_t pos = offset_;;) {
            if (pos >= size) return;
            const unsigned length = std::to_integer<unsigned>(m[pos]);
            if (length == 0) return;
            if (length >= 0xc0) {
                if (pos + 1 >= size) return;
                const std::size_t target = ((length & 0x3f) << 8) | std::to_integer<unsigned>(m[pos + 1]);
                if (target >= pos) return;
                pos = target;
                continue;
            }
            if (length >= 0x40 || pos + 1 + length >= size) return;  // a valid name ends after the label
            f(std::string_view(reinterpret_cast<const char*>(m + pos + 1), length));
            pos += 1 + length;
        }
    }
    constexpr std::size_t in_place_size() const { return detail::dns_name_in_place(message_, offset_); }
    constexpr std::size_t offset() const { return offset_; }
    std::string to_string() const { return to_owned().to_string(); }
    dns_name to_owned() const {
        dns_name n;
        for_each_label([&](std::string_view l) { n.labels.emplace_back(l); });
        dns_name::wire_form form;
        for (std::size_t pos = offset_;;) {  // validated: ends in a zero or a pointer
            const unsigned length = std::to_integer<unsigned>(message_[pos]);
            if (length == 0) break;
            if ((length & 0xc0) == 0xc0) {
                form.pointer = static_cast<std::uint16_t>(((length & 0x3f) << 8) | std::to_integer<unsigned>(message_[pos + 1]));
                break;
            }
            ++form.labels_before;
            pos += 1 + length;
        }
        n.as_read = form;
        return n;
    }

private:
    detail::bytes_view message_{};
    std::size_t offset_ = 0;
};

namespace detail {
// Writes names with suffix compression. The table of suffixes already written is a fixed
// array (no allocation); once it is full, later names are still correct, only less compressed.
class dns_name_writer {
public:
    constexpr dns_name_writer(bytes_span out, bool compress) : out_(out), compress_(compress) {}

    // Writes `name` at `pos`, as far as `out` holds it (empty: only the size is counted), and
    // returns the octets it takes. `may_compress`: false where a standard forbids pointers
    // (RRSIG's signer, NSEC's next name); a parsed name still keeps the form it was read in.
    constexpr std::size_t write(const dns_name& name, std::size_t pos, bool may_compress = true) {
        const std::size_t start = pos;
        const std::size_t n = name.labels.size();
        // The records of a set follow each other with the same owner name: the same name as the
        // one written just before points where that one's pointer would (the search below would
        // find the same place), without hashing or searching.
        const previous_name previous = previous_;
        previous_ = {};
        const bool compressing = compress_ && may_compress && !name.as_read;
        if (compressing && n > 0 && previous.name && previous.name->labels == name.labels) {
            put(pos, static_cast<std::byte>(0xc0 | (previous.whole_at >> 8)));
            put(pos + 1, static_cast<std::byte>(previous.whole_at & 0xff));
            previous_ = {&name, previous.whole_at};
            return 2;
        }
        // A hash of each suffix (labels i..n), so that the table is searched by number first.
        // It mixes each label's length and three of its octets, not every octet: a collision
        // only costs a comparison, and hashing every octet cost more than all the writing.
        std::array<std::uint32_t, 128> hashes;  // filled below for the labels there are
        if (n < hashes.size()) {
            std::uint32_t h = 2166136261u;
            for (std::size_t i = n; i-- > 0;) {
                const auto& label = name.labels[i];
                std::uint32_t mix = static_cast<std::uint32_t>(label.size());
                if (!label.empty()) {
                    auto octet = [&](std::size_t k) { return std::uint32_t{static_cast<unsigned char>(label[k])}; };
                    mix |= octet(0) << 8 | octet(label.size() / 2) << 16 | octet(label.size() - 1) << 24;
                }
                h = (h ^ mix) * 0x9e3779b1u;
                h ^= h >> 15;
                hashes[i] = h;
            }
        }
        hashes_ = &hashes;
        // The form the name was read in, if its pointer still leads to the same labels.
        std::optional<std::size_t> pointer_after;
        std::optional<std::size_t> pointer_to;
        bool follow_form = false;
        if (name.as_read && name.as_read->labels_before <= n) {
            const auto& form = *name.as_read;
            if (!form.pointer) {
                follow_form = form.labels_before == n;
            } else if (auto at = find(name, form.labels_before); at && *at == *form.pointer) {
                follow_form = true;
                pointer_after = form.labels_before;
                pointer_to = *at;
            } else if (find_at(name, form.labels_before, *form.pointer)) {
                follow_form = true;
                pointer_after = form.labels_before;
                pointer_to = *form.pointer;
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (follow_form) {
                if (pointer_after && i == *pointer_after) {
                    remember(name, i, pos);  // a pointer may be the target of another (a chain)
                    put(pos, static_cast<std::byte>(0xc0 | (*pointer_to >> 8)));
                    put(pos + 1, static_cast<std::byte>(*pointer_to & 0xff));
                    return pos + 2 - start;
                }
                remember(name, i, pos);
            } else if (compress_ && may_compress) {
                if (auto at = find(name, i)) {
                    if (i == 0 && compressing) previous_ = {&name, *at};
                    put(pos, static_cast<std::byte>(0xc0 | (*at >> 8)));
                    put(pos + 1, static_cast<std::byte>(*at & 0xff));
                    return pos + 2 - start;
                }
                if (remember(name, i, pos) && i == 0 && compressing) previous_ = {&name, pos};
            }
            const auto& label = name.labels[i];
            put(pos, static_cast<std::byte>(label.size()));
            for (std::size_t k = 0; k < label.size(); ++k) put(pos + 1 + k, static_cast<std::byte>(label[k]));
            pos += 1 + label.size();
        }
        put(pos, std::byte{0});
        return pos + 1 - start;
    }

private:
    struct entry {
        const dns_name* name;
        std::size_t first_label;
        std::size_t offset;
        std::uint32_t hash;
        std::uint16_t next;  // the entry before it in its bucket, plus one (0: none)
    };
    constexpr void put(std::size_t at, std::byte b) {
        if (at < out_.size()) out_[at] = b;
    }
    // Where the labels from `first` on were written already (exact case: a pointer copies the
    // target's spelling, and the name's own must survive).
    constexpr std::optional<std::size_t> find(const dns_name& name, std::size_t first) const {
        const std::uint32_t h = hash_of(first);
        for (std::size_t e = buckets_[h % buckets_.size()]; e != 0; e = table_[e - 1].next)
            if (table_[e - 1].hash == h && same_suffix(table_[e - 1], name, first)) return table_[e - 1].offset;
        return std::nullopt;
    }
    constexpr std::uint32_t hash_of(std::size_t first) const { return first < hashes_->size() ? (*hashes_)[first] : 0; }
    constexpr bool find_at(const dns_name& name, std::size_t first, std::size_t offset) const {
        for (std::size_t e = 0; e < used_; ++e)
            if (table_[e].offset == offset) return same_suffix(table_[e], name, first);
        return false;
    }
    static constexpr bool same_suffix(const entry& t, const dns_name& name, std::size_t first) {
        if (t.name->labels.size() - t.first_label != name.labels.size() - first) return false;
        for (std::size_t k = 0; first + k < name.labels.size(); ++k)
            if (t.name->labels[t.first_label + k] != name.labels[first + k]) return false;
        return true;
    }
    // False when the suffix cannot be a pointer's target (the table is full or it is too far).
    constexpr bool remember(const dns_name& name, std::size_t first, std::size_t offset) {
        if (used_ >= table_.size() || offset >= 0x4000) return false;
        const std::uint32_t h = hash_of(first);
        auto& bucket = buckets_[h % buckets_.size()];
        table_[used_++] = {&name, first, offset, h, bucket};
        bucket = static_cast<std::uint16_t>(used_);
        return true;
    }
    bytes_span out_;
    bool compress_;
    std::array<entry, 256> table_;  // only the first used_ are read
    std::size_t used_ = 0;
    std::array<std::uint16_t, 64> buckets_{};  // by hash: the last entry written there, plus one
    const std::array<std::uint32_t, 128>* hashes_ = nullptr;  // of the name being written
    // The name written last, when it was compressed, and where a pointer to it whole leads.
    struct previous_name {
        const dns_name* name = nullptr;
        std::size_t whole_at = 0;
    };
    previous_name previous_{};
};
}  // namespace detail

}  // namespace wirecraft
