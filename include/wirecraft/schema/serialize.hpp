// size(value), serialize(value, buffer) and friends. Computed fields (lengths, header lengths,
// checksums) are filled only when the user left them empty, so deliberately wrong packets
// can still be crafted. Serializing into a caller's buffer allocates nothing.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "parse.hpp"

namespace wirecraft {

namespace detail {
template <protocol P>
consteval bool has_codec_fields() {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        return ((!field_t<P, I>::is_integer && !field_t<P, I>::is_padding) || ...);
    }(std::make_index_sequence<schema_t<P>::field_count>{});
}

// A codec that can write its value into a buffer larger than it needs, returning the bytes it
// took (buffer_too_small when they do not fit): for values whose size costs as much as
// writing them, as a DNS message's compressed names do.
template <class F>
concept writes_unsized = requires(const typename F::kind_type& kind, const typename F::member_type& v, bytes_span out, const location& where) {
    { kind.write_unsized(v, out, where) } -> std::same_as<result<std::size_t>>;
};

// A header nothing in it measures (no computed fields, checksums or conditions read sizes) with
// such a codec is written in one pass instead of being sized first: serialize would otherwise
// do the codec's work twice.
template <protocol P>
consteval bool writes_in_one_pass() {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        return (... && (!field_t<P, I>::is_computed && !field_t<P, I>::is_checksum && !field_t<P, I>::is_conditional)) &&
               (... || writes_unsized<field_t<P, I>>);
    }(std::make_index_sequence<schema_t<P>::field_count>{});
}

// What schema expressions see while serializing: the owned value and the sizes around it.
template <protocol P>
struct owned_context {
    using S = schema_t<P>;
    const P& value;
    std::size_t header_bytes = 0;
    std::size_t payload_bytes = 0;
    const serialize_context* context = nullptr;
    // serialize's sizes of the fields with a codec, plus one (0: not asked yet), by field index;
    // none: ask each time (see field_bits). A pointer, not a mutable member: g++ 12 refuses to
    // read a mutable member in constant evaluation.
    std::size_t* codec_sizes = nullptr;

    template <fixed_string Name>
    constexpr std::int64_t value_of() const {
        constexpr std::size_t I = S::index_of(Name.view());
        static_assert(I < S::field_count, "expression refers to an unknown field");
        return value_at<I>();
    }
    template <std::size_t I>
    constexpr std::int64_t value_at() const {
        using F = field_t<P, I>;
        const auto& member = value.*F::member;
        if constexpr (is_optional<typename F::member_type>::value) {
            if (member) return to_int(*member);
            if constexpr (F::is_checksum) return 0;  // zero while the checksum is computed
            else if constexpr (F::is_computed) return field_at<P, I>().compute.eval(*this);
            else if (field_at<P, I>().names_next_layer && context && context->next_layer)
                return static_cast<std::int64_t>(*context->next_layer);
            else return 0;
        } else if constexpr (F::is_integer) {
            return to_int(member);
        } else {
            static_assert(F::is_integer, "expressions can only read integer fields");
            return 0;
        }
    }
    template <fixed_string Name>
    constexpr std::size_t size_of() const {
        return field_size<S::index_of(Name.view())>(0);
    }
    template <std::size_t I>
    constexpr bool present() const {
        if constexpr (field_t<P, I>::is_conditional) return field_at<P, I>().condition.eval(*this) != 0;
        else return true;
    }
    // Size in bits of field I at bit position `at` (padding depends on where it starts).
    template <std::size_t I>
    constexpr std::size_t field_bits(std::size_t at) const {
        using F = field_t<P, I>;
        if (!present<I>()) return 0;
        const auto& f = field_at<P, I>();
        if constexpr (F::is_padding) return ((f.kind.alignment - (at / 8) % f.kind.alignment) % f.kind.alignment) * 8;
        else if constexpr (F::is_integer) return F::kind_type::bit_width;
        else {
            // Asked by the header's size, again by the write and by length expressions; a
            // codec's size can be a whole pass over its value (DNS names with compression).
            if (!codec_sizes) return f.kind.size(value.*F::member) * 8;
            std::size_t& known = codec_sizes[I];
            if (known == 0) known = f.kind.size(value.*F::member) + 1;
            return (known - 1) * 8;
        }
    }
    template <std::size_t I>
    constexpr std::size_t field_size(std::size_t at) const { return field_bits<I>(at) / 8; }
    constexpr std::size_t header_size() const { return header_bytes; }
    constexpr std::size_t payload_size() const { return payload_bytes; }
};

template <class Rule>
inline constexpr bool rule_needs_pseudo_header = [] {
    if constexpr (requires { Rule::needs_pseudo_header; }) return Rule::needs_pseudo_header;
    else return false;  // a plain function of checksum_input
}();

// Fills checksum field I unless the user set it. A rule over a pseudo-header needs one from
// the layer below: without it the sum would silently be wrong, so that is an error.
template <protocol P, std::size_t I>
constexpr bool write_checksum(const P& value, bytes_span out, std::size_t position, std::size_t header_bytes,
                              std::size_t payload_bytes, const serialize_context& context, bool present, error& err) {
    using F = field_t<P, I>;
    if constexpr (F::is_checksum) {
        if ((value.*F::member).has_value() || !present) return true;
        const auto& rule = field_at<P, I>().compute.compute;
        if constexpr (rule_needs_pseudo_header<std::remove_cvref_t<decltype(rule)>>) {
            if (!context.has_pseudo_header) {
                err = error{error_kind::malformed, schema_t<P>::name, F::name, position / 8, 0, 0,
                            "needs the pseudo-header of the layer below: serialize it in a stack, pass a serialize_context, or set the checksum"};
                return false;
            }
        }
        const checksum_input input{out.first(header_bytes), out.first(header_bytes + payload_bytes), context};
        store_bits(out.data(), position, F::kind_type::bit_width, rule(input));
    }
    return true;
}

template <protocol P>
constexpr std::size_t header_bits(const owned_context<P>& c) {
    std::size_t bits = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((bits += c.template field_bits<I>(bits)), ...);
    }(std::make_index_sequence<schema_t<P>::field_count>{});
    return bits;
}
}  // namespace detail

// The number of bytes serialize writes for this header (payload not included).
template <protocol P>
constexpr std::size_t size(const P& value) {
    return detail::header_bits(detail::owned_context<P>{value}) / 8;
}

// Writes the header of `value` at the start of `out`. The payload, if any, must already be in
// `out` right after where the header ends (`payload_bytes` long): lengths and checksums cover it.
template <protocol P>
constexpr result<std::size_t> serialize(const P& value, detail::bytes_span out, std::size_t payload_bytes,
                                        const serialize_context& context = {}) {
    using S = schema_t<P>;
    std::array<std::size_t, detail::has_codec_fields<P>() ? S::field_count : 0> codec_sizes{};
    detail::owned_context<P> ctx{value, 0, 0, &context, codec_sizes.data()};
    auto too_small = [&](std::size_t header_bytes) {
        return error{error_kind::buffer_too_small, S::name, {}, 0, header_bytes + payload_bytes, out.size()};
    };
    // Sized first, unless nothing needs the header's size before it is written (see
    // detail::writes_in_one_pass): then each field checks that it fits as it is written.
    const bool sized_first = !detail::writes_in_one_pass<P>() || payload_bytes != 0;
    if (sized_first) {
        const std::size_t bits = detail::header_bits(ctx);
        if (bits % 8 != 0) return error{error_kind::malformed, S::name, {}, bits / 8, 0, 0, "header does not end on a byte boundary"};
        ctx.header_bytes = bits / 8;
        if (out.size() < ctx.header_bytes + payload_bytes) return too_small(ctx.header_bytes);
    }
    ctx.payload_bytes = payload_bytes;

    std::array<std::size_t, S::field_count> position{};
    std::size_t pos = 0;
    error err;
    bool overflow = false;  // one pass: a field did not fit
    const bool ok = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return ([&]() -> bool {
            using F = field_t<P, I>;
            const auto& f = field_at<P, I>();
            position[I] = pos;
            if (!ctx.template present<I>()) return true;
            if constexpr (detail::writes_unsized<F>) {
                if (!sized_first) {
                    auto n = f.kind.write_unsized(value.*F::member, out.subspan(pos / 8), location{S::name, F::name, pos / 8});
                    if (!n) {
                        overflow = n.error().kind == error_kind::buffer_too_small;
                        err = n.error();
                        return false;
                    }
                    pos += *n * 8;
                    return true;
                }
            }
            const std::size_t width = ctx.template field_bits<I>(pos);
            if (!sized_first && (pos + width + 7) / 8 > out.size()) {
                overflow = true;
                return false;
            }
            if constexpr (F::is_padding) {
                for (std::size_t b = 0; b < width / 8; ++b) out[pos / 8 + b] = std::byte{0};
            } else if constexpr (F::is_integer) {
                if constexpr (is_optional<typename F::member_type>::value && !F::is_computed)
                    if (f.names_next_layer && !(value.*F::member) && !context.next_layer) {
                        err = error{error_kind::malformed, S::name, F::name, pos / 8, 0, 0,
                                    "names the next layer but is empty, with no layer stacked above to fill it from"};
                        return false;
                    }
                const std::int64_t v = ctx.template value_at<I>();
                auto raw = static_cast<std::uint64_t>(v);
                bool fits = v >= 0 && (raw & ~detail::low_mask(width)) == 0;
                if constexpr (std::is_signed_v<typename F::value_type> && !std::is_enum_v<typename F::value_type>) {
                    // A signed member is written in two's complement (RFC 2132's time offset).
                    const std::int64_t half = std::int64_t{1} << (width - 1);
                    fits = v >= -half && v < half;
                    raw &= detail::low_mask(width);
                }
                if (!fits) {
                    err = error{error_kind::value_too_large, S::name, F::name, pos / 8, static_cast<std::uint64_t>(v), width};
                    return false;
                }
                constexpr auto row = S::layout[I];
                if constexpr (F::kind_type::little_endian) detail::store_le(out.data() + pos / 8, width / 8, raw);
                else if constexpr (row.is_static && row.anchor < 0 && !F::is_conditional)
                    detail::store_bits(out.data(), row.offset_bits, F::kind_type::bit_width, raw);  // constants: folds to a few stores
                else detail::store_bits(out.data(), pos, width, raw);
            } else {
                auto n = f.kind.write(value.*F::member, out.subspan(pos / 8, width / 8), location{S::name, F::name, pos / 8});
                if (!n) { err = n.error(); return false; }
            }
            pos += width;
            return true;
        }() && ...);
    }(std::make_index_sequence<S::field_count>{});
    if (overflow) return too_small(detail::header_bits(ctx) / 8);  // the rare path sizes the header after all
    if (!ok) return err;
    if (!sized_first) {
        if (pos % 8 != 0) return error{error_kind::malformed, S::name, {}, pos / 8, 0, 0, "header does not end on a byte boundary"};
        ctx.header_bytes = pos / 8;
    }

    // Checksums last: they cover bytes written above (and the payload).
    const bool summed = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (detail::write_checksum<P, I>(value, out, position[I], ctx.header_bytes, payload_bytes, context, ctx.template present<I>(), err) && ...);
    }(std::make_index_sequence<S::field_count>{});
    if (!summed) return err;
    return ctx.header_bytes;
}

template <protocol P>
constexpr result<std::size_t> serialize(const P& value, detail::bytes_span out) {
    return serialize(value, out, 0);
}

// Header followed by a copy of `payload`; returns the bytes written.
template <protocol P>
constexpr result<std::size_t> serialize(const P& value, detail::bytes_span out, detail::bytes_view payload,
                                        const serialize_context& context = {}) {
    if (payload.empty()) return serialize(value, out, 0, context);  // no need to size the header first
    const std::size_t header = size(value);
    if (out.size() < header + payload.size())
        return error{error_kind::buffer_too_small, schema_t<P>::name, {}, 0, header + payload.size(), out.size()};
    detail::copy_bytes(payload, out.subspan(header));
    auto n = serialize(value, out, payload.size(), context);
    if (!n) return n;
    return header + payload.size();
}

template <protocol P>
constexpr result<std::vector<std::byte>> to_bytes(const P& value, detail::bytes_view payload = {}) {
    std::vector<std::byte> out(size(value) + payload.size(), std::byte{0});
    auto n = serialize(value, detail::bytes_span(out), payload);
    if (!n) return n.error();
    return out;
}

// A byte array of capacity N and a length: serialize results that live in constant evaluation.
template <std::size_t N>
struct byte_array {
    std::array<std::byte, N> data{};
    std::size_t length = 0;
    constexpr std::size_t size() const { return length; }
    constexpr const std::byte* begin() const { return data.data(); }
    constexpr const std::byte* end() const { return data.data() + length; }
    constexpr std::byte operator[](std::size_t i) const { return data[i]; }
    constexpr operator detail::bytes_view() const { return {data.data(), length}; }
    constexpr detail::bytes_view span() const { return {data.data(), length}; }
};

template <protocol P>
constexpr std::size_t default_capacity() {
    if constexpr (requires { P::max_header_size; }) return P::max_header_size;
    else if constexpr (schema_t<P>::is_fixed_size) return fixed_size_v<P>;
    else return 0;
}

// serialize_to_array(value): the header bytes in a constexpr-friendly array. The capacity is
// the protocol's maximum header size unless given.
template <std::size_t N = 0, protocol P>
constexpr result<byte_array<(N ? N : default_capacity<P>())>> serialize_to_array(const P& value,
                                                                                   detail::bytes_view payload = {}) {
    constexpr std::size_t capacity = N ? N : default_capacity<P>();
    static_assert(capacity > 0, "give the capacity: serialize_to_array<N>(value)");
    byte_array<capacity> out;
    auto n = serialize(value, detail::bytes_span(out.data), payload);
    if (!n) return n.error();
    out.length = *n;
    return out;
}

namespace detail {
template <protocol P, std::size_t I>
constexpr bool field_equal(const P& a, const P& b) {
    using F = field_t<P, I>;
    if constexpr (F::is_padding) return true;
    else return a.*F::member == b.*F::member;
}
}  // namespace detail

// Owned values compare field by field, through the schema. (A named helper rather than a lambda
// in the fold: clang 14 crashes on the latter here.)
template <protocol P>
constexpr bool equal(const P& a, const P& b) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (detail::field_equal<P, I>(a, b) && ...);
    }(std::make_index_sequence<schema_t<P>::field_count>{});
}
template <protocol P>
constexpr bool operator==(const P& a, const P& b) { return equal(a, b); }

template <protocol P>
constexpr std::size_t nested_codec<P>::size(const P& value) const { return wirecraft::size(value); }
template <protocol P>
constexpr result<std::size_t> nested_codec<P>::write(const P& value, detail::bytes_span out, const location& where) const {
    auto n = serialize(value, out, 0);
    if (!n) return n.error().shifted(where.offset);
    return n;
}

}  // namespace wirecraft
