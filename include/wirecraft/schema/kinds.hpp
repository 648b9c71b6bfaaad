// Field kinds: how a value is laid out on the wire.
//
// Two families:
//  - bit-level integers (uint_kind): any width 1..64, any bit offset, big- or little-endian;
//    the engine packs them itself, so adjacent bit fields cost nothing.
//  - byte-aligned codecs: anything satisfying the `codec` concept below. Variable-length
//    bytes, option lists, prefixed vectors, nested schemas and user codecs (DNS names, later)
//    all plug in here. A codec validates once in measure(); view() after that cannot fail.
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "byte_io.hpp"
#include "result.hpp"

namespace wirecraft {

// Where a codec is being parsed or written, so its errors name the right field and offset.
struct location {
    std::string_view protocol;
    std::string_view field;
    std::size_t offset = 0;  // byte offset of the codec's first byte in the whole input

    constexpr error fail(error_kind kind, std::size_t at, std::uint64_t needed = 0, std::uint64_t available = 0,
                         std::string_view detail = {}) const {
        return error{kind, protocol, field, offset + at, needed, available, detail};
    }
};

// ---- bit-level integers -------------------------------------------------------------------

template <std::size_t Bits, bool LittleEndian = false>
struct uint_kind {
    static_assert(Bits >= 1 && Bits <= 64, "integer fields are 1 to 64 bits wide");
    static_assert(!LittleEndian || Bits % 8 == 0, "little-endian fields are whole bytes");
    static constexpr std::size_t bit_width = Bits;
    static constexpr bool little_endian = LittleEndian;
};

template <std::size_t N> inline constexpr uint_kind<N> bits{};
inline constexpr uint_kind<8> u8{};
inline constexpr uint_kind<16> be16{};
inline constexpr uint_kind<24> be24{};
inline constexpr uint_kind<32> be32{};
inline constexpr uint_kind<48> be48{};
inline constexpr uint_kind<64> be64{};
inline constexpr uint_kind<16, true> le16{};
inline constexpr uint_kind<24, true> le24{};
inline constexpr uint_kind<32, true> le32{};
inline constexpr uint_kind<64, true> le64{};

template <class K> struct is_uint_kind : std::false_type {};
template <std::size_t B, bool L> struct is_uint_kind<uint_kind<B, L>> : std::true_type {};
template <class K> concept integer_kind = is_uint_kind<K>::value;

// ---- byte-aligned codecs ------------------------------------------------------------------

template <class C>
concept codec = requires(const C& c, detail::bytes_view in, const location& where,
                         const typename C::owned_type& owned, detail::bytes_span out) {
    typename C::owned_type;
    typename C::view_type;
    { C::self_delimiting } -> std::convertible_to<bool>;
    { c.measure(in, where) } -> std::same_as<result<std::size_t>>;
    { c.view_of(in) } -> std::same_as<typename C::view_type>;
    { c.to_owned(std::declval<typename C::view_type>()) } -> std::same_as<typename C::owned_type>;
    { c.size(owned) } -> std::same_as<std::size_t>;
    { c.write(owned, out, where) } -> std::same_as<result<std::size_t>>;
};

// A codec may hand what its measure learned to its view, so that the view need not walk the
// bytes again (where each section of a DNS message starts, where each TLS extension sits): it
// names a `parse_state` type and takes one as the last argument of a second measure and
// view_of. A parsed view keeps the state of its (at most one) stateful field. Wrappers declare
// `using parse_state = parse_state_t<Inner>;`, which is void when the inner codec has none.
template <class C>
concept stateful_codec = codec<C> && requires { typename C::parse_state; } && !std::is_void_v<typename C::parse_state> &&
    requires(const C& c, detail::bytes_view in, const location& where, typename C::parse_state& state) {
        { c.measure(in, where, state) } -> std::same_as<result<std::size_t>>;
        { c.view_of(in, std::as_const(state)) } -> std::same_as<typename C::view_type>;
    };
namespace detail {
template <class C> struct parse_state_of { using type = void; };
template <class C> requires requires { typename C::parse_state; } struct parse_state_of<C> { using type = typename C::parse_state; };
}  // namespace detail
template <class C>
using parse_state_t = typename detail::parse_state_of<C>::type;

// A codec of constant width (addresses, fixed arrays): the engine treats it like an integer
// for layout purposes, so fields after it keep static offsets.
template <class C>
concept fixed_size_codec = codec<C> && requires { { C::fixed_size } -> std::convertible_to<std::size_t>; };

namespace detail {
constexpr void copy_bytes(bytes_view from, bytes_span to) noexcept {
    const std::size_t n = from.size() < to.size() ? from.size() : to.size();
    if (std::is_constant_evaluated()) {
        for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
    } else if (n != 0) {
        std::memcpy(to.data(), from.data(), n);  // payload copies: a byte loop was 10x slower
    }
}
constexpr std::vector<std::byte> to_vector(bytes_view v) { return std::vector<std::byte>(v.begin(), v.end()); }
}  // namespace detail

// N octets into a type holding `octets` (mac_address, ipv4_address, ipv6_address, or your own).
template <class T>
concept octet_type = requires(T t) {
    { T::size } -> std::convertible_to<std::size_t>;
    t.octets[0];
};

template <octet_type T>
struct octets_codec {
    using owned_type = T;
    using view_type = T;
    static constexpr bool self_delimiting = true;
    static constexpr std::size_t fixed_size = T::size;
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        if (in.size() < fixed_size) return where.fail(error_kind::truncated, 0, fixed_size, in.size());
        return fixed_size;
    }
    constexpr T view_of(detail::bytes_view in) const {
        T t{};
        for (std::size_t i = 0; i < fixed_size; ++i)
            t.octets[i] = static_cast<std::remove_cvref_t<decltype(t.octets[0])>>(in[i]);
        return t;
    }
    constexpr T to_owned(const T& v) const { return v; }
    constexpr std::size_t size(const T&) const { return fixed_size; }
    constexpr result<std::size_t> write(const T& v, detail::bytes_span out, const location&) const {
        for (std::size_t i = 0; i < fixed_size; ++i) out[i] = static_cast<std::byte>(v.octets[i]);
        return fixed_size;
    }
};

// Variable bytes whose length the schema states (`.sized_by(expr)`) or that run to the end of
// the PDU (`rest`). Viewed as a span over the input: zero-copy.
struct bytes_codec {
    using owned_type = std::vector<std::byte>;
    using view_type = detail::bytes_view;
    static constexpr bool self_delimiting = false;
    constexpr result<std::size_t> measure(detail::bytes_view in, const location&) const { return in.size(); }
    constexpr view_type view_of(detail::bytes_view in) const { return in; }
    constexpr owned_type to_owned(view_type v) const { return detail::to_vector(v); }
    constexpr std::size_t size(const owned_type& v) const { return v.size(); }
    constexpr result<std::size_t> write(const owned_type& v, detail::bytes_span out, const location&) const {
        detail::copy_bytes(v, out);
        return v.size();
    }
};
inline constexpr bytes_codec bytes{};

// Everything up to the end of the PDU (or of the input, for schemas without a total size).
struct rest_codec : bytes_codec {};
inline constexpr rest_codec rest{};

// Text filling the area the schema sizes (a DHCP host name, a domain name): viewed as a
// string_view over the input, owned as a std::string. The octets are kept as they are.
struct text_codec {
    using owned_type = std::string;
    using view_type = std::string_view;
    static constexpr bool self_delimiting = false;
    constexpr result<std::size_t> measure(detail::bytes_view in, const location&) const { return in.size(); }
    view_type view_of(detail::bytes_view in) const { return {reinterpret_cast<const char*>(in.data()), in.size()}; }
    owned_type to_owned(view_type v) const { return owned_type(v); }
    constexpr std::size_t size(const owned_type& v) const { return v.size(); }
    constexpr result<std::size_t> write(const owned_type& v, detail::bytes_span out, const location&) const {
        for (std::size_t i = 0; i < v.size() && i < out.size(); ++i) out[i] = static_cast<std::byte>(v[i]);
        return v.size();
    }
};
inline constexpr text_codec text{};

// Zero bytes up to the next multiple of `alignment` from the start of the schema. Bound to no
// member; written as zeros. Padding bytes are not validated: RFCs say "should be zero".
struct padding_kind {
    std::size_t alignment;
};
namespace detail {
void schema_error_padding_alignment_must_be_at_least_1();  // no definition: a compile error when called
}
constexpr padding_kind pad_to(std::size_t alignment) {
    if (alignment == 0) detail::schema_error_padding_alignment_must_be_at_least_1();
    return padding_kind{alignment};
}

// An unsigned integer of N whole bytes as a codec, for list elements (TLS cipher suites,
// lists of 16-bit groups...). T may be an enum.
template <std::size_t N, class T = std::uint64_t, bool LittleEndian = false>
struct uint_codec {
    using owned_type = T;
    using view_type = T;
    static constexpr bool self_delimiting = true;
    static constexpr std::size_t fixed_size = N;
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        if (in.size() < N) return where.fail(error_kind::truncated, 0, N, in.size());
        return N;
    }
    constexpr T view_of(detail::bytes_view in) const {
        return static_cast<T>(LittleEndian ? detail::load_le(in.data(), N) : detail::load_be(in.data(), N));
    }
    constexpr T to_owned(T v) const { return v; }
    constexpr std::size_t size(const T&) const { return N; }
    constexpr result<std::size_t> write(const T& v, detail::bytes_span out, const location& where) const {
        const auto raw = static_cast<std::uint64_t>(v);
        if (N < 8 && (raw >> (8 * N)) != 0) return where.fail(error_kind::value_too_large, 0, raw, 8 * N);
        if (LittleEndian) detail::store_le(out.data(), N, raw);
        else detail::store_be(out.data(), N, raw);
        return N;
    }
};
template <class T = std::uint64_t> inline constexpr uint_codec<1, T> u8_element{};
template <class T = std::uint64_t> inline constexpr uint_codec<2, T> be16_element{};

}  // namespace wirecraft
