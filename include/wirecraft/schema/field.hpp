// A field: a name, the member of the owned struct it binds to, its wire kind, and what the
// engine should check or compute for it. Built with a short fluent syntax:
//
//   field<"ttl", &ipv4::ttl>()                                  // kind inferred from the member
//   field<"version", &ipv4::version>(bits<4>).must_be(4)        // a constant, checked on parse
//   field<"total_length", &ipv4::total_length>().computed(header_size + payload_size)
//   field<"options", &ipv4::options>(tlv_list(...)).sized_by(ref<"header_length"> * 4 - 20)
//   field<"gateway", &icmp::gateway>().when(ref<"type"> == 5)
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "expr.hpp"
#include "fixed_string.hpp"
#include "kinds.hpp"

namespace wirecraft {

struct none_t {
    constexpr bool operator==(const none_t&) const = default;
};

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct optional_inner { using type = T; };
template <class T> struct optional_inner<std::optional<T>> { using type = T; };

template <auto Member> struct member_traits;
template <class Owner, class T, T Owner::*Member>
struct member_traits<Member> {
    using owner = Owner;
    using type = T;
};
template <> struct member_traits<nullptr> {
    using owner = void;
    using type = none_t;
};

// What the ones'-complement checksum of a layer covers, handed to a checksum rule.
struct serialize_context {
    bool has_pseudo_header = false;
    std::uint32_t pseudo_header_sum = 0;  // the addresses, summed by the layer below
    // The value for the field that names the next layer (ethertype, IP protocol), when the
    // user left it empty: a stack fills it from the binding to the layer above.
    std::optional<std::uint64_t> next_layer{};
};
struct checksum_input {
    detail::bytes_view header;
    detail::bytes_view pdu;  // header and payload
    const serialize_context& context;
};

template <class Fn>
struct checksum_rule {
    Fn compute;  // (const checksum_input&) -> std::uint16_t
};
template <class T> struct is_checksum_rule : std::false_type {};
template <class Fn> struct is_checksum_rule<checksum_rule<Fn>> : std::true_type {};

// A constraint on an integer field's value, checked on parse.
struct value_check {
    enum class mode : std::uint8_t { none, equal, range } how = mode::none;
    std::uint64_t low = 0;
    std::uint64_t high = ~std::uint64_t{0};
};

// The kind a member type gets when the schema does not name one: network byte order,
// whole bytes, the width of the member.
template <class T>
constexpr auto default_kind() {
    if constexpr (std::is_same_v<T, bool>) return bits<1>;
    else if constexpr (std::is_enum_v<T>) return uint_kind<8 * sizeof(std::underlying_type_t<T>)>{};
    else if constexpr (std::is_integral_v<T>) return uint_kind<8 * sizeof(T)>{};
    else if constexpr (octet_type<T>) return octets_codec<T>{};
    else static_assert(sizeof(T) == 0, "this member type needs an explicit field kind");
}

template <fixed_string Name, auto Member, class Kind, class Compute = none_t, class Length = none_t,
          class Condition = none_t>
struct field_def {
    static constexpr std::string_view name = Name;
    static constexpr auto member = Member;
    using member_type = typename member_traits<Member>::type;
    using value_type = typename optional_inner<member_type>::type;
    using kind_type = Kind;
    using compute_type = Compute;
    using length_type = Length;
    using condition_type = Condition;
    static constexpr bool is_padding = std::is_same_v<Kind, padding_kind>;
    static constexpr bool is_integer = integer_kind<Kind>;
    static constexpr bool is_rest = std::is_same_v<Kind, rest_codec>;
    static constexpr bool is_conditional = !std::is_same_v<Condition, none_t>;
    static constexpr bool has_length = !std::is_same_v<Length, none_t>;
    static constexpr bool is_checksum = is_checksum_rule<Compute>::value;
    static constexpr bool is_computed = !std::is_same_v<Compute, none_t>;

    static_assert(!is_computed || is_optional<member_type>::value,
                  "a computed field's member must be std::optional: empty means 'compute it on serialize'");
    static_assert(is_padding || is_integer || codec<Kind>, "a field kind must be an integer kind or a codec");

    Kind kind{};
    value_check check{};
    Compute compute{};
    Length length{};
    Condition condition{};
    bool names_next_layer = false;

    // The field names the protocol of the payload (EtherType, IP protocol, next header). Its
    // member is std::optional: left empty, a stack fills it from the binding to the layer above.
    constexpr field_def selects_next_layer() const {
        static_assert(is_optional<member_type>::value && integer_kind<Kind>,
                      "the field that names the next layer must be an integer or enum held in a std::optional");
        auto f = *this;
        f.names_next_layer = true;
        return f;
    }

    // The field holds this value on the wire; parse rejects anything else.
    constexpr field_def must_be(std::uint64_t v) const { auto f = *this; f.check = {value_check::mode::equal, v, v}; return f; }
    constexpr field_def in_range(std::uint64_t low, std::uint64_t high) const { auto f = *this; f.check = {value_check::mode::range, low, high}; return f; }
    constexpr field_def at_least(std::uint64_t low) const { return in_range(low, ~std::uint64_t{0}); }

    template <class E> requires expression<E>
    constexpr auto computed(E e) const { return field_def<Name, Member, Kind, E, Length, Condition>{kind, check, e, length, condition, names_next_layer}; }
    template <class Fn>
    constexpr auto checksum(Fn fn) const {
        return field_def<Name, Member, Kind, checksum_rule<Fn>, Length, Condition>{kind, check, {fn}, length, condition, names_next_layer};
    }
    template <class E> requires expression<E>
    constexpr auto sized_by(E e) const { return field_def<Name, Member, Kind, Compute, E, Condition>{kind, check, compute, e, condition, names_next_layer}; }
    template <class E> requires expression<E>
    constexpr auto when(E e) const { return field_def<Name, Member, Kind, Compute, Length, E>{kind, check, compute, length, e, names_next_layer}; }
};

template <fixed_string Name, auto Member, class Kind>
constexpr auto field(Kind kind) {
    return field_def<Name, Member, Kind>{kind};
}
template <fixed_string Name, auto Member>
constexpr auto field() {
    using T = typename optional_inner<typename member_traits<Member>::type>::type;
    return field<Name, Member>(default_kind<T>());
}
// Zero bytes up to an alignment; bound to no member.
template <fixed_string Name>
constexpr auto padding(std::size_t alignment) {
    return field_def<Name, nullptr, padding_kind>{pad_to(alignment)};
}

}  // namespace wirecraft
