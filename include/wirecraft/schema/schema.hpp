// A schema: a protocol's fields in wire order, and the layout table the engine derives from
// them at compile time (which offsets are static, which depend on earlier variable fields).
#pragma once
#include <array>
#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "field.hpp"

namespace wirecraft {

namespace detail {
// One row of the layout table. A field's start is `offset_bits` after the end of the
// dynamic field `anchor` (or after the start of the header when anchor < 0).
struct layout_row {
    bool is_static = true;
    std::size_t bits = 0;  // width when static
    int anchor = -1;
    std::size_t offset_bits = 0;
    int slot = -1;  // where a dynamic field's end is recorded
};

template <class F>
constexpr bool static_width() {
    if constexpr (F::is_conditional || F::is_padding) return false;
    else if constexpr (F::is_integer) return true;
    else return fixed_size_codec<typename F::kind_type>;
}
template <class F>
constexpr std::size_t width_bits() {
    if constexpr (F::is_integer) return F::kind_type::bit_width;
    else if constexpr (fixed_size_codec<typename F::kind_type>) return F::kind_type::fixed_size * 8;
    else return 0;
}

// Called only when a schema breaks a layout rule; being non-constexpr, it turns the rule into
// a compile error whose text names the rule.
void schema_error_unaligned_field_spans_more_than_8_bytes();
void schema_error_byte_aligned_field_starts_inside_a_byte();
void schema_error_little_endian_field_must_be_whole_bytes_at_a_byte_boundary();
void schema_error_length_or_condition_reads_a_field_not_parsed_yet();
void schema_error_expression_names_an_unknown_field();
void schema_error_two_fields_name_the_next_layer();

template <class F>
constexpr bool is_little_endian_integer() {
    if constexpr (F::is_integer) return F::kind_type::little_endian;
    else return false;
}
// Whether every field expression E refers to passes `pred` (true when E is no expression).
template <class E, class Pred>
constexpr bool expression_refs(Pred pred) {
    if constexpr (expression<E>) return E::all_refs(pred);
    else return true;
}
}  // namespace detail

template <fixed_string Name, class Extent, class... Fields>
struct schema_def {
    static constexpr std::string_view name = Name;
    static constexpr std::size_t field_count = sizeof...(Fields);
    static constexpr bool has_extent = !std::is_same_v<Extent, none_t>;

    boost::hana::tuple<Fields...> fields;
    Extent extent{};

    // The PDU ends `e` bytes after the start of this header (IPv4 total_length, UDP length):
    // parse bounds every variable field and the payload by it, and ignores trailing bytes.
    template <class E> requires expression<E>
    constexpr auto total_size(E e) const { return schema_def<Name, E, Fields...>{fields, e}; }

    static constexpr std::array<std::string_view, field_count> names{Fields::name...};

    static constexpr std::size_t index_of(std::string_view n) {
        for (std::size_t i = 0; i < field_count; ++i)
            if (names[i] == n) return i;
        return field_count;
    }
    static constexpr bool has_field(std::string_view n) { return index_of(n) < field_count; }
    static constexpr bool is_known_field(std::string_view n) { return index_of(n) < field_count; }
    // Lengths and conditions are evaluated while parsing, so they may read earlier fields only;
    // computed values and the total size may read any field that exists.
    template <class F>
    static constexpr bool reads_only_earlier_fields() {
        constexpr std::size_t self = index_of(F::name);
        constexpr auto earlier = [](std::string_view n) { return index_of(n) < self; };
        return detail::expression_refs<typename F::length_type>(earlier) &&
               detail::expression_refs<typename F::condition_type>(earlier);
    }

    static constexpr std::array<detail::layout_row, field_count + 1> compute_layout() {
        constexpr std::array<bool, field_count> is_static{detail::static_width<Fields>()...};
        constexpr std::array<std::size_t, field_count> width{detail::width_bits<Fields>()...};
        constexpr std::array<bool, field_count> is_integer{Fields::is_integer...};
        constexpr std::array<bool, field_count> is_little{detail::is_little_endian_integer<Fields>()...};
        // Lengths and conditions are evaluated while parsing, so they may read earlier fields
        // only; computed values and the total size may read any field that exists.
        constexpr std::array<bool, field_count> reads_earlier_only{reads_only_earlier_fields<Fields>()...};
        constexpr std::array<bool, field_count> reads_known_only{
            detail::expression_refs<typename Fields::compute_type>(is_known_field)...};
        if (!detail::expression_refs<Extent>(is_known_field))
            detail::schema_error_expression_names_an_unknown_field();
        std::array<detail::layout_row, field_count + 1> rows{};
        int anchor = -1, slots = 0;
        std::size_t offset = 0;
        for (std::size_t i = 0; i < field_count; ++i) {
            rows[i].anchor = anchor;
            rows[i].offset_bits = offset;
            rows[i].is_static = is_static[i];
            rows[i].bits = width[i];
            if (is_integer[i] && !(offset % 8 == 0 && width[i] % 8 == 0) && offset % 8 + width[i] > 64)
                detail::schema_error_unaligned_field_spans_more_than_8_bytes();
            if (!is_integer[i] && offset % 8 != 0) detail::schema_error_byte_aligned_field_starts_inside_a_byte();
            if (is_little[i] && (offset % 8 != 0 || width[i] % 8 != 0))
                detail::schema_error_little_endian_field_must_be_whole_bytes_at_a_byte_boundary();
            if (!reads_earlier_only[i]) detail::schema_error_length_or_condition_reads_a_field_not_parsed_yet();
            if (!reads_known_only[i]) detail::schema_error_expression_names_an_unknown_field();
            if (is_static[i]) {
                offset += width[i];
            } else {
                rows[i].slot = slots;
                anchor = slots++;
                offset = 0;
            }
        }
        rows[field_count].anchor = anchor;
        rows[field_count].offset_bits = offset;
        return rows;
    }
    static constexpr auto layout = compute_layout();
    static constexpr std::size_t dynamic_count = [] {
        std::size_t n = 0;
        for (std::size_t i = 0; i < field_count; ++i) n += layout[i].is_static ? 0 : 1;
        return n;
    }();
    // Bits before the first field whose position depends on the input.
    static constexpr std::size_t prefix_bits = [] {
        for (std::size_t i = 0; i < field_count; ++i)
            if (!layout[i].is_static) return layout[i].offset_bits;
        return layout[field_count].offset_bits;
    }();
    // Whether every field whose end depends on the input ends on a byte boundary (true unless a
    // conditional bit field does not): a view then keeps those ends in bytes, so the chain of
    // lengths a parse follows has no conversions to and from bits in it.
    static constexpr bool byte_ends = [] {
        for (std::size_t i = 0; i < field_count; ++i)
            if (!layout[i].is_static && (layout[i].offset_bits % 8 != 0 || layout[i].bits % 8 != 0)) return false;
        return true;
    }();
    static constexpr bool is_fixed_size = dynamic_count == 0;
    static constexpr std::size_t prefix_bytes = (prefix_bits + 7) / 8;
};

template <fixed_string Name, class... Fields>
constexpr auto schema(Fields... fields) {
    return schema_def<Name, none_t, Fields...>{{fields...}, {}};
}

// A protocol is a struct whose static schema() describes it.
template <class P>
concept protocol = requires { P::schema(); };

template <protocol P>
inline constexpr auto schema_of = P::schema();
template <protocol P>
using schema_t = std::remove_cvref_t<decltype(P::schema())>;

template <protocol P, std::size_t I>
constexpr const auto& field_at() {
    return boost::hana::at_c<I>(schema_of<P>.fields);
}
template <protocol P, std::size_t I>
using field_t = std::remove_cvref_t<decltype(field_at<P, I>())>;

// The index of the field that names the next layer (selects_next_layer), or the field count
// when the protocol has none.
template <protocol P>
inline constexpr std::size_t next_layer_index_v = []<std::size_t... I>(std::index_sequence<I...>) {
    constexpr std::array<bool, sizeof...(I)> marked{field_at<P, I>().names_next_layer...};
    std::size_t found = sizeof...(I);
    for (std::size_t i = 0; i < sizeof...(I); ++i)
        if (marked[i]) {
            if (found != sizeof...(I)) detail::schema_error_two_fields_name_the_next_layer();
            found = i;
        }
    return found;
}(std::make_index_sequence<schema_t<P>::field_count>{});

// The header size of a fixed-size protocol, known at compile time.
template <protocol P>
    requires schema_t<P>::is_fixed_size
inline constexpr std::size_t fixed_size_v = schema_t<P>::layout[schema_t<P>::field_count].offset_bits / 8;

}  // namespace wirecraft
