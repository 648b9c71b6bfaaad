// Lists and byte strings behind a length or count prefix: TLS vectors (`opaque x<0..2^16-1>`,
// `CipherSuite cipher_suites<2..2^16-2>`), DNS character strings, nested vectors.
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

#include "kinds.hpp"

namespace wirecraft {

enum class prefix_counts : std::uint8_t { bytes, elements };

// The bounds a vector's declaration puts on its length (TLS's `opaque cert_data<1..2^24-1>`,
// `CipherSuite cipher_suites<2..2^16-2>`): checked on parse, where the prefix is read. Bytes for
// byte-counted prefixes, elements for counted ones. Serialize writes what it is given, so that
// out-of-bounds values can still be crafted for tests of other parsers.
// Not constexpr: in a schema (constant evaluation) a call is a compile error that names it.
[[noreturn]] inline void length_within_bounds_must_fit_the_prefix_and_min_must_not_exceed_max() { std::abort(); }

struct length_bounds {
    std::uint64_t min = 0;
    std::uint64_t max = ~std::uint64_t{0};

    static constexpr length_bounds checked(std::uint64_t min, std::uint64_t max, std::size_t prefix_bytes) {
        if (min > max || max > detail::low_mask(prefix_bytes * 8)) length_within_bounds_must_fit_the_prefix_and_min_must_not_exceed_max();
        return {min, max};
    }

    constexpr bool contains(std::uint64_t length) const { return length >= min && length <= max; }
    // Why `length` is outside (call it only then; an inline test first keeps the error off the
    // hot path).
    constexpr std::optional<error> check(std::uint64_t length, const location& where) const {
        if (length < min) return where.fail(error_kind::out_of_range, 0, length, min, "minimum");
        if (length > max) return where.fail(error_kind::out_of_range, 0, length, max, "maximum");
        return std::nullopt;
    }
};

namespace detail {
// Elements of one width (cipher suites, groups, code points): lists of them are measured,
// counted and stepped through by arithmetic instead of element by element.
template <class Element>
concept fixed_size_element = requires { { Element::fixed_size } -> std::convertible_to<std::size_t>; };
}  // namespace detail

// A lazily decoded sequence of elements inside an already validated area.
template <codec Element>
class element_list_view {
public:
    constexpr element_list_view() = default;
    constexpr element_list_view(detail::bytes_view area, Element element) : area_(area), element_(element) {}

    // Each element is decoded once, on arrival: its width and its view come from one pass
    // (view_and_size, for nested headers) instead of a measure for the step and another
    // parse for the value.
    class iterator {
    public:
        using value_type = typename Element::view_type;
        using difference_type = std::ptrdiff_t;
        constexpr iterator() = default;
        constexpr iterator(const element_list_view* list, std::size_t pos) : list_(list), pos_(pos) { load(); }
        constexpr value_type operator*() const {
            if constexpr (detail::fixed_size_element<Element>) return list_->element_.view_of(list_->area_.subspan(pos_, Element::fixed_size));
            else return current_;
        }
        constexpr iterator& operator++() {
            if constexpr (detail::fixed_size_element<Element>) pos_ += Element::fixed_size;
            else pos_ += width_;
            load();
            return *this;
        }
        constexpr iterator operator++(int) { auto c = *this; ++*this; return c; }
        constexpr bool operator==(const iterator& o) const { return pos_ == o.pos_; }

    private:
        // Flattened for the same reason as parse (see parse_in_place): the element's codec is
        // inlined. A nested schema's codecs are then constants; a codec with parameters of its
        // own (a prefixed element) still reads them from the list's copy.
        [[gnu::flatten]] constexpr void load() {
            if constexpr (!detail::fixed_size_element<Element>) {
                if (!list_ || pos_ >= list_->area_.size()) return;
                const auto rest = list_->area_.subspan(pos_);
                if constexpr (requires { list_->element_.view_and_size(rest); }) {
                    auto [value, size] = list_->element_.view_and_size(rest);
                    current_ = value;
                    width_ = size;
                } else {
                    auto n = list_->element_.measure(rest, location{});
                    width_ = n ? *n : rest.size();  // the fallback is unreachable after validation
                    current_ = list_->element_.view_of(rest.first(width_));
                }
                if (width_ == 0) width_ = rest.size();  // cannot happen after validation; never loop
            }
        }
        const element_list_view* list_ = nullptr;
        std::size_t pos_ = 0, width_ = 0;
        value_type current_{};
    };

    constexpr iterator begin() const { return iterator(this, 0); }
    constexpr iterator end() const { return iterator(this, area_.size()); }
    constexpr bool empty() const { return area_.empty(); }
    constexpr std::size_t count() const {
        if constexpr (detail::fixed_size_element<Element>) return area_.size() / Element::fixed_size;
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }
    constexpr detail::bytes_view bytes() const { return area_; }

private:
    detail::bytes_view area_{};
    Element element_{};
};

// `prefix_bytes` bytes of big-endian length (or count), then the elements.
template <codec Element>
struct prefixed_list_codec {
    using owned_type = std::vector<typename Element::owned_type>;
    using view_type = element_list_view<Element>;
    static constexpr bool self_delimiting = true;
    std::size_t prefix_bytes;
    prefix_counts counts;
    Element element;
    std::size_t max_elements = 1u << 16;  // a bound on work for count-prefixed lists
    length_bounds bounds{};

    // <min..max>: the declared bounds, in bytes (or elements, for counted lists).
    constexpr prefixed_list_codec length_within(std::uint64_t min, std::uint64_t max) const {
        auto c = *this;
        c.bounds = length_bounds::checked(min, max, prefix_bytes);
        return c;
    }

    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        if (in.size() < prefix_bytes) return where.fail(error_kind::truncated, 0, prefix_bytes, in.size());
        const std::uint64_t prefix = detail::load_be(in.data(), prefix_bytes);
        if (!bounds.contains(prefix)) return *bounds.check(prefix, where);
        std::size_t pos = prefix_bytes;
        if (counts == prefix_counts::bytes) {
            if (prefix > in.size() - pos) return where.fail(error_kind::length_inconsistent, 0, prefix, in.size() - pos);
            const std::size_t end = pos + static_cast<std::size_t>(prefix);
            if constexpr (detail::fixed_size_element<Element>)  // whole elements, then the last one's error if any
                pos = end - static_cast<std::size_t>(prefix) % Element::fixed_size;
            while (pos < end) {
                auto n = element.measure(in.subspan(pos, end - pos), location{where.protocol, where.field, where.offset + pos});
                if (!n) return n.error();
                if (*n == 0) return where.fail(error_kind::malformed, pos, 0, 0, "empty element");
                pos += *n;
            }
            return end;
        }
        if (prefix > max_elements) return where.fail(error_kind::limit_exceeded, 0, prefix, max_elements);
        for (std::uint64_t i = 0; i < prefix; ++i) {
            auto n = element.measure(in.subspan(pos), location{where.protocol, where.field, where.offset + pos});
            if (!n) return n.error();
            pos += *n;
        }
        return pos;
    }
    constexpr view_type view_of(detail::bytes_view in) const {
        return view_type(in.subspan(prefix_bytes, area_size(in)), element);
    }
    constexpr owned_type to_owned(const view_type& v) const {
        owned_type out;
        for (auto e : v) out.push_back(element.to_owned(e));
        return out;
    }
    constexpr std::size_t size(const owned_type& items) const {
        std::size_t n = prefix_bytes;
        for (const auto& e : items) n += element.size(e);
        return n;
    }
    constexpr result<std::size_t> write(const owned_type& items, detail::bytes_span out, const location& where) const {
        const std::uint64_t prefix = counts == prefix_counts::bytes ? size(items) - prefix_bytes : items.size();
        if (prefix > detail::low_mask(prefix_bytes * 8))
            return where.fail(error_kind::value_too_large, 0, prefix, prefix_bytes * 8);
        detail::store_be(out.data(), prefix_bytes, prefix);
        std::size_t pos = prefix_bytes;
        for (const auto& e : items) {
            auto n = element.write(e, out.subspan(pos), location{where.protocol, where.field, where.offset + pos});
            if (!n) return n;
            pos += *n;
        }
        return pos;
    }

private:
    // Of an area measure accepted: a byte count is the size itself; a count of elements is
    // walked unless they have one width.
    constexpr std::size_t area_size(detail::bytes_view in) const {
        const auto prefix = static_cast<std::size_t>(detail::load_be(in.data(), prefix_bytes));
        if (counts == prefix_counts::bytes) return prefix;
        if constexpr (detail::fixed_size_element<Element>) return prefix * Element::fixed_size;
        auto n = measure(in, location{});
        return n ? *n - prefix_bytes : 0;
    }
};

template <codec Element>
constexpr prefixed_list_codec<Element> prefixed_list(std::size_t prefix_bytes, Element element,
                                                     prefix_counts counts = prefix_counts::bytes) {
    return {prefix_bytes, counts, element};
}

// opaque data<0..2^(8*prefix_bytes)-1>: a byte string behind its length.
struct prefixed_bytes_codec {
    using owned_type = std::vector<std::byte>;
    using view_type = detail::bytes_view;
    static constexpr bool self_delimiting = true;
    std::size_t prefix_bytes;
    length_bounds bounds{};

    constexpr prefixed_bytes_codec length_within(std::uint64_t min, std::uint64_t max) const {
        auto c = *this;
        c.bounds = length_bounds::checked(min, max, prefix_bytes);
        return c;
    }

    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        if (in.size() < prefix_bytes) return where.fail(error_kind::truncated, 0, prefix_bytes, in.size());
        const std::uint64_t n = detail::load_be(in.data(), prefix_bytes);
        if (!bounds.contains(n)) return *bounds.check(n, where);
        if (n > in.size() - prefix_bytes) return where.fail(error_kind::length_inconsistent, 0, n, in.size() - prefix_bytes);
        return prefix_bytes + static_cast<std::size_t>(n);
    }
    constexpr view_type view_of(detail::bytes_view in) const {
        return in.subspan(prefix_bytes, static_cast<std::size_t>(detail::load_be(in.data(), prefix_bytes)));
    }
    constexpr owned_type to_owned(view_type v) const { return detail::to_vector(v); }
    constexpr std::size_t size(const owned_type& v) const { return prefix_bytes + v.size(); }
    constexpr result<std::size_t> write(const owned_type& v, detail::bytes_span out, const location& where) const {
        if (v.size() > detail::low_mask(prefix_bytes * 8))
            return where.fail(error_kind::value_too_large, 0, v.size(), prefix_bytes * 8);
        detail::store_be(out.data(), prefix_bytes, v.size());
        detail::copy_bytes(v, out.subspan(prefix_bytes));
        return prefix_bytes + v.size();
    }
};
constexpr prefixed_bytes_codec prefixed_bytes(std::size_t prefix_bytes) { return {prefix_bytes, {}}; }

// A length prefix, then a codec that fills the area it gives (TLS's extensions<0..2^16-1>: a
// 2-byte length, then type-length-value items up to it).
template <codec Inner>
struct prefixed_area_codec {
    using owned_type = typename Inner::owned_type;
    using view_type = typename Inner::view_type;
    using parse_state = parse_state_t<Inner>;  // the inner codec's, if it keeps one
    static constexpr bool self_delimiting = true;
    std::size_t prefix_bytes;
    Inner inner;
    length_bounds bounds{};

    constexpr prefixed_area_codec length_within(std::uint64_t min, std::uint64_t max) const {
        auto c = *this;
        c.bounds = length_bounds::checked(min, max, prefix_bytes);
        return c;
    }

    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const { return measure_area(in, where); }
    template <class State>
        requires std::same_as<State, parse_state>
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where, State& state) const {
        return measure_area(in, where, state);
    }
    constexpr view_type view_of(detail::bytes_view in) const { return inner.view_of(area_of(in)); }
    template <class State>
        requires std::same_as<State, parse_state>
    constexpr view_type view_of(detail::bytes_view in, const State& state) const { return inner.view_of(area_of(in), state); }
    constexpr owned_type to_owned(const view_type& v) const { return inner.to_owned(v); }
    constexpr std::size_t size(const owned_type& v) const { return prefix_bytes + inner.size(v); }
    constexpr result<std::size_t> write(const owned_type& v, detail::bytes_span out, const location& where) const {
        const std::size_t n = inner.size(v);
        if (n > detail::low_mask(prefix_bytes * 8)) return where.fail(error_kind::value_too_large, 0, n, prefix_bytes * 8);
        detail::store_be(out.data(), prefix_bytes, n);
        auto written = inner.write(v, out.subspan(prefix_bytes), location{where.protocol, where.field, where.offset + prefix_bytes});
        if (!written) return written;
        return prefix_bytes + *written;
    }

private:
    template <class... State>
    constexpr result<std::size_t> measure_area(detail::bytes_view in, const location& where, State&... state) const {
        if (in.size() < prefix_bytes) return where.fail(error_kind::truncated, 0, prefix_bytes, in.size());
        const std::uint64_t n = detail::load_be(in.data(), prefix_bytes);
        if (!bounds.contains(n)) return *bounds.check(n, where);
        if (n > in.size() - prefix_bytes) return where.fail(error_kind::length_inconsistent, 0, n, in.size() - prefix_bytes);
        const auto area = in.subspan(prefix_bytes, static_cast<std::size_t>(n));
        auto used = inner.measure(area, location{where.protocol, where.field, where.offset + prefix_bytes}, state...);
        if (!used) return used.error();
        if (*used != area.size()) return where.fail(error_kind::length_inconsistent, 0, area.size(), *used, "contents end after");
        return prefix_bytes + area.size();
    }
    constexpr detail::bytes_view area_of(detail::bytes_view in) const {
        return in.subspan(prefix_bytes, static_cast<std::size_t>(detail::load_be(in.data(), prefix_bytes)));
    }
};
template <codec Inner>
constexpr prefixed_area_codec<Inner> prefixed_area(std::size_t prefix_bytes, Inner inner) { return {prefix_bytes, inner, {}}; }

// A codec that may be left out at the very end of a PDU: absent when no bytes remain (TLS
// hellos without extensions, from before RFC 3546). Absent and present-but-empty stay apart,
// so both re-serialize exactly. Only for a PDU's last field.
template <codec Inner>
struct optional_at_end_codec {
    using owned_type = std::optional<typename Inner::owned_type>;
    using view_type = std::optional<typename Inner::view_type>;
    using parse_state = parse_state_t<Inner>;
    static constexpr bool self_delimiting = true;
    Inner inner;

    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        if (in.empty()) return std::size_t{0};
        return inner.measure(in, where);
    }
    template <class State>
        requires std::same_as<State, parse_state>
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where, State& state) const {
        if (in.empty()) return std::size_t{0};
        return inner.measure(in, where, state);
    }
    constexpr view_type view_of(detail::bytes_view in) const {
        if (in.empty()) return std::nullopt;
        return inner.view_of(in);
    }
    template <class State>
        requires std::same_as<State, parse_state>
    constexpr view_type view_of(detail::bytes_view in, const State& state) const {
        if (in.empty()) return std::nullopt;
        return inner.view_of(in, state);
    }
    constexpr owned_type to_owned(const view_type& v) const {
        if (!v) return std::nullopt;
        return inner.to_owned(*v);
    }
    constexpr std::size_t size(const owned_type& v) const { return v ? inner.size(*v) : 0; }
    constexpr result<std::size_t> write(const owned_type& v, detail::bytes_span out, const location& where) const {
        if (!v) return std::size_t{0};
        return inner.write(*v, out, where);
    }
};
template <codec Inner>
constexpr optional_at_end_codec<Inner> optional_at_end(Inner inner) { return {inner}; }

}  // namespace wirecraft

namespace wirecraft {
// Elements one after another filling the area the schema sizes (IPv4 record-route addresses).
template <codec Element>
struct repeated_codec {
    using owned_type = std::vector<typename Element::owned_type>;
    using view_type = element_list_view<Element>;
    static constexpr bool self_delimiting = false;
    Element element;

    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        std::size_t pos = 0;
        while (pos < in.size()) {
            auto n = element.measure(in.subspan(pos), location{where.protocol, where.field, where.offset + pos});
            if (!n) return n.error();
            if (*n == 0) return where.fail(error_kind::malformed, pos, 0, 0, "empty element");
            pos += *n;
        }
        return pos;
    }
    constexpr view_type view_of(detail::bytes_view in) const { return view_type(in, element); }
    constexpr owned_type to_owned(const view_type& v) const {
        owned_type out;
        for (auto e : v) out.push_back(element.to_owned(e));
        return out;
    }
    constexpr std::size_t size(const owned_type& items) const {
        std::size_t n = 0;
        for (const auto& e : items) n += element.size(e);
        return n;
    }
    constexpr result<std::size_t> write(const owned_type& items, detail::bytes_span out, const location& where) const {
        std::size_t pos = 0;
        for (const auto& e : items) {
            auto n = element.write(e, out.subspan(pos), location{where.protocol, where.field, where.offset + pos});
            if (!n) return n;
            pos += *n;
        }
        return pos;
    }
};
template <codec Element>
constexpr repeated_codec<Element> repeated(Element element) { return {element}; }
}  // namespace wirecraft
