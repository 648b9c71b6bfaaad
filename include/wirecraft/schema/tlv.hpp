// Type-length-value option lists: IPv4 and TCP options, DHCP options, IPv6 extension-header
// options, ICMPv6 ND options, TLS extensions. One parameterised codec covers them all; the
// differences between formats are data (tlv_format), not code.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>
#include <vector>

#include "kinds.hpp"

namespace wirecraft {

struct tlv_format {
    std::uint8_t type_bytes = 1;
    std::uint8_t length_bytes = 1;
    bool length_includes_header = false;  // IPv4/TCP: length counts the type and length bytes
    std::uint8_t length_unit = 1;         // ICMPv6 ND: length is in units of 8 bytes
    std::int32_t pad_kind = -1;           // a one-byte item with no length (NOP, Pad1, DHCP pad)
    std::int32_t end_kind = -1;           // ends the list; the bytes after it stay as its data
    std::string_view item_name = "option";

    constexpr std::size_t header_bytes() const { return std::size_t{type_bytes} + length_bytes; }
};

// An owned option: its kind and its value bytes (without type and length).
template <class Kind = std::uint8_t>
struct tlv_item {
    Kind kind{};
    std::vector<std::byte> data{};
    constexpr bool operator==(const tlv_item&) const = default;
};

// A view of one option inside the input.
template <class Kind = std::uint8_t>
struct tlv_item_view {
    Kind kind{};
    std::span<const std::byte> data{};
    std::size_t offset = 0;  // offset of the option's type byte within the list
};

namespace detail {
struct tlv_step {
    std::uint64_t kind = 0;
    std::size_t data_offset = 0;
    std::size_t data_size = 0;
    std::size_t next = 0;
};

// A 1- or 2-byte number without the general loop: every format in scope uses these widths.
constexpr std::uint64_t load_be_narrow(const std::byte* p, std::size_t n) noexcept {
    if (n == 2) return std::to_integer<std::uint64_t>(p[0]) << 8 | std::to_integer<std::uint64_t>(p[1]);
    if (n == 1) return std::to_integer<std::uint64_t>(p[0]);
    return load_be(p, n);
}

// Decodes the item at `pos`; the one place that knows the framing rules.
constexpr result<tlv_step> tlv_next_checked(bytes_view area, std::size_t pos, const tlv_format& f, const location& where) {
    const std::size_t left = area.size() - pos;
    if (left < f.type_bytes) return where.fail(error_kind::truncated, pos, f.type_bytes, left, f.item_name);
    const std::uint64_t kind = load_be_narrow(area.data() + pos, f.type_bytes);
    if (static_cast<std::int64_t>(kind) == f.end_kind) return tlv_step{kind, pos + f.type_bytes, left - f.type_bytes, area.size()};
    if (static_cast<std::int64_t>(kind) == f.pad_kind) return tlv_step{kind, pos + f.type_bytes, 0, pos + f.type_bytes};
    if (left < f.header_bytes()) return where.fail(error_kind::truncated, pos, f.header_bytes(), left, "option length missing");
    const std::uint64_t length = load_be_narrow(area.data() + pos + f.type_bytes, f.length_bytes) * f.length_unit;
    std::size_t total = 0;
    if (f.length_includes_header) {
        if (length < f.header_bytes())
            return where.fail(error_kind::length_inconsistent, pos + f.type_bytes, length, f.header_bytes(), "option header needs");
        total = static_cast<std::size_t>(length);
    } else {
        total = f.header_bytes() + static_cast<std::size_t>(length);
    }
    if (total > left) return where.fail(error_kind::length_inconsistent, pos + f.type_bytes, total, left);
    return tlv_step{kind, pos + f.header_bytes(), total - f.header_bytes(), pos + total};
}

// The common case inline: the item at `p` when it has a type and a length and fits before
// `last` (its kind and its whole size, header included); false sends the caller to
// tlv_next_checked, which also knows pad and end items and words the errors. It takes a pointer,
// not an index: a walk is a chain of these loads (each length gives the next item), and a load
// from a plain base address is a cycle shorter. Lists are walked several times per parse
// (measure, then each view), so this step is the hot loop.
constexpr bool tlv_step_at(const std::byte* p, const std::byte* last, const tlv_format& f, std::uint64_t& kind, std::size_t& total) noexcept {
    const auto left = static_cast<std::size_t>(last - p);
    if (left < f.header_bytes()) return false;
    kind = load_be_narrow(p, f.type_bytes);
    if (static_cast<std::int64_t>(kind) == f.end_kind || static_cast<std::int64_t>(kind) == f.pad_kind) return false;
    const std::uint64_t length = load_be_narrow(p + f.type_bytes, f.length_bytes) * f.length_unit;
    if (f.length_includes_header ? length < f.header_bytes() || length > left : length > left - f.header_bytes()) return false;
    total = static_cast<std::size_t>(f.length_includes_header ? length : f.header_bytes() + length);
    return true;
}
// The same step by offset, as a tlv_step.
constexpr bool tlv_next_fast(bytes_view area, std::size_t pos, const tlv_format& f, tlv_step& step) noexcept {
    std::uint64_t kind = 0;
    std::size_t total = 0;
    if (!tlv_step_at(area.data() + pos, area.data() + area.size(), f, kind, total)) return false;
    step = {kind, pos + f.header_bytes(), total - f.header_bytes(), pos + total};
    return true;
}

// True when `area` is a whole number of plain items (no pad, end or error): the fast accept of a
// list whose format is fixed; on false the caller's full check says what is wrong.
constexpr bool tlv_items_fill(bytes_view area, const tlv_format& f) noexcept {
    const std::byte* p = area.data();
    const std::byte* const last = p + area.size();
    std::uint64_t kind = 0;
    for (std::size_t total = 0; p != last && tlv_step_at(p, last, f, kind, total);) p += total;
    return p == last;
}

// Where a list finds its format: in itself (a value chosen at run time), or, for a format fixed
// at compile time (tlv_list<Kind, Format>()), in the constant, which the compiler then folds
// into the hot loops: the widths become constant loads, the pad and end tests disappear.
template <const tlv_format* Fixed>
struct tlv_format_source {
    constexpr tlv_format_source() = default;
    constexpr tlv_format_source(const tlv_format&) {}
    static constexpr const tlv_format& get() { return *Fixed; }
};
template <>
struct tlv_format_source<nullptr> {
    tlv_format format{};
    constexpr tlv_format_source() = default;
    constexpr tlv_format_source(const tlv_format& f) : format(f) {}
    constexpr const tlv_format& get() const { return format; }
};
}  // namespace detail

template <class Kind = std::uint8_t, const tlv_format* Fixed = nullptr>
class tlv_list_view {
public:
    constexpr tlv_list_view() = default;
    constexpr tlv_list_view(detail::bytes_view area, const tlv_format& format) : area_(area), format_(format) {}

    // Holds the list's span and a pointer to its format (for a format fixed at compile time,
    // the constant): the list view must outlive its iterators, as for any range.
    class iterator {
    public:
        using value_type = tlv_item_view<Kind>;
        using difference_type = std::ptrdiff_t;
        constexpr iterator() = default;
        constexpr iterator(const tlv_list_view& list, std::size_t pos) : area_(list.area_), format_(&list.format_.get()), pos_(pos) { load(); }
        constexpr value_type operator*() const { return current_; }
        constexpr iterator& operator++() {
            pos_ = next_;
            load();
            return *this;
        }
        constexpr iterator operator++(int) { auto c = *this; ++*this; return c; }
        constexpr bool operator==(const iterator& o) const { return pos_ == o.pos_; }

    private:
        constexpr const tlv_format& format() const {
            if constexpr (Fixed != nullptr) return *Fixed;
            else return *format_;
        }
        constexpr void load() {
            if (pos_ >= area_.size()) { pos_ = area_.size(); return; }
            detail::tlv_step step;
            if (!detail::tlv_next_fast(area_, pos_, format(), step)) {
                auto checked = detail::tlv_next_checked(area_, pos_, format(), location{});
                if (!checked) { pos_ = area_.size(); return; }  // unreachable after parse validated it
                step = *checked;
            }
            current_ = {static_cast<Kind>(step.kind), area_.subspan(step.data_offset, step.data_size), pos_};
            next_ = step.next;
        }
        detail::bytes_view area_{};
        const tlv_format* format_ = nullptr;
        std::size_t pos_ = 0, next_ = 0;
        value_type current_{};
    };

    constexpr iterator begin() const { return iterator(*this, 0); }
    constexpr iterator end() const { return iterator(*this, area_.size()); }
    constexpr bool empty() const { return area_.empty(); }
    constexpr std::size_t count() const {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }
    constexpr detail::bytes_view bytes() const { return area_; }

private:
    detail::bytes_view area_{};
    [[no_unique_address]] detail::tlv_format_source<Fixed> format_{};
};

template <class Kind = std::uint8_t, const tlv_format* Fixed = nullptr>
struct tlv_list_codec {
    using owned_type = std::vector<tlv_item<Kind>>;
    using view_type = tlv_list_view<Kind, Fixed>;
    static constexpr bool self_delimiting = false;  // fills the area the schema sizes for it
    [[no_unique_address]] detail::tlv_format_source<Fixed> format_source{};

    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        const tlv_format& format = format_source.get();
        std::size_t pos = 0;
        while (pos < in.size()) {
            if (detail::tlv_step step; detail::tlv_next_fast(in, pos, format, step)) {
                pos = step.next;
                continue;
            }
            auto step = detail::tlv_next_checked(in, pos, format, where);
            if (!step) return step.error();
            pos = step->next;
        }
        return pos;
    }
    constexpr view_type view_of(detail::bytes_view in) const { return view_type(in, format_source.get()); }
    constexpr owned_type to_owned(const view_type& v) const {
        owned_type items;
        for (auto item : v) items.push_back({item.kind, detail::to_vector(item.data)});
        return items;
    }
    constexpr std::size_t size(const owned_type& items) const {
        std::size_t n = 0;
        for (const auto& item : items) n += item_size(item);
        return n;
    }
    constexpr result<std::size_t> write(const owned_type& items, detail::bytes_span out, const location& where) const {
        const tlv_format& format = format_source.get();
        std::size_t pos = 0;
        for (const auto& item : items) {
            const auto kind = static_cast<std::uint64_t>(item.kind);
            detail::store_be(out.data() + pos, format.type_bytes, kind);
            const bool bare = static_cast<std::int64_t>(kind) == format.pad_kind ||
                              static_cast<std::int64_t>(kind) == format.end_kind;
            if (!bare) {
                std::uint64_t length = item.data.size() + (format.length_includes_header ? format.header_bytes() : 0);
                if (length % format.length_unit != 0)
                    return where.fail(error_kind::length_inconsistent, pos, length, format.length_unit, "not a multiple of the unit");
                length /= format.length_unit;
                if (length > detail::low_mask(format.length_bytes * 8u))
                    return where.fail(error_kind::value_too_large, pos + format.type_bytes, length, format.length_bytes * 8u);
                detail::store_be(out.data() + pos + format.type_bytes, format.length_bytes, length);
            }
            const std::size_t data_at = pos + (bare ? format.type_bytes : format.header_bytes());
            detail::copy_bytes(item.data, out.subspan(data_at));
            pos += item_size(item);
        }
        return pos;
    }

private:
    constexpr std::size_t item_size(const tlv_item<Kind>& item) const {
        const tlv_format& format = format_source.get();
        const auto kind = static_cast<std::int64_t>(item.kind);
        if (kind == format.pad_kind) return format.type_bytes;
        if (kind == format.end_kind) return format.type_bytes + item.data.size();
        return format.header_bytes() + item.data.size();
    }
};

template <class Kind = std::uint8_t>
constexpr tlv_list_codec<Kind> tlv_list(tlv_format format) { return {format}; }
// The same with the format fixed at compile time, for lists on hot paths:
//   inline constexpr tlv_format tls_extension_format{...};
//   tlv_list<tls_extension_type, tls_extension_format>()
template <class Kind, const tlv_format& Format>
constexpr tlv_list_codec<Kind, &Format> tlv_list() { return {}; }

// Which schema parses the data of which kind: a protocol declares, next to its option bodies,
//   constexpr auto tlv_bodies(tcp_option_kind) {
//       return tlv_body_list<tlv_body<tcp_option_kind::maximum_segment_size, tcp_mss_option>, ...>{};
//   }
// (found by argument-dependent lookup, like enum_name), and the tree printer shows those
// fields instead of hex.
template <auto Kind, class Body>
struct tlv_body {
    static constexpr auto kind = Kind;
    using type = Body;
};
template <class... Bodies>
struct tlv_body_list {};

// The typed body declared for `Kind`: tlv_body_type<dhcp_option_kind::lease_time> is
// dhcp_seconds_option.
template <auto Kind, class List>
struct tlv_body_lookup;
template <auto Kind, class... Entries>
struct tlv_body_lookup<Kind, tlv_body_list<Entries...>> {
    static constexpr std::size_t index = [] {
        constexpr bool found[] = {(Entries::kind == Kind)..., true};
        std::size_t i = 0;
        while (!found[i]) ++i;
        return i;
    }();
    static_assert(index < sizeof...(Entries), "no typed body is declared for this kind (see its tlv_bodies)");
    using type = std::tuple_element_t<index, std::tuple<typename Entries::type...>>;
};
template <auto Kind>
using tlv_body_type = typename tlv_body_lookup<Kind, decltype(tlv_bodies(Kind))>::type;

}  // namespace wirecraft
