// parse<P>(bytes) -> result<view<P>>: validates every length once; after that the view's
// accessors cannot read out of bounds. The view holds the input span and the end offsets of
// variable fields; fields are decoded from the bytes on access (zero-copy, no allocation).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "schema.hpp"

namespace wirecraft {

struct parse_options {
    // Keep a header whose PDU runs past the input, as in the packet an ICMP error quotes.
    bool allow_truncated_payload = false;
};

namespace detail {
template <class T>
constexpr std::int64_t to_int(T v) {
    if constexpr (std::is_enum_v<T>) return static_cast<std::int64_t>(static_cast<std::underlying_type_t<T>>(v));
    else return static_cast<std::int64_t>(v);
}
}  // namespace detail

namespace detail {
// The field whose codec keeps a parse state (stateful_codec), or field_count; field_count + 1
// if several do.
template <protocol P>
constexpr std::size_t stateful_field_index() {
    constexpr std::size_t n = schema_t<P>::field_count;
    std::size_t found = n, count = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((stateful_codec<typename field_t<P, I>::kind_type> ? (found = I, ++count) : 0), ...);
    }(std::make_index_sequence<n>{});
    return count > 1 ? n + 1 : found;
}
struct no_parse_state {};
struct unset_view_t {};
template <protocol P, std::size_t I = stateful_field_index<P>()>
struct view_state {
    using type = no_parse_state;
};
template <protocol P, std::size_t I>
    requires(I < schema_t<P>::field_count)
struct view_state<P, I> {
    using type = typename field_t<P, I>::kind_type::parse_state;
};
}  // namespace detail

template <protocol P>
class view {
    using S = schema_t<P>;

public:
    using protocol_type = P;
    // The field whose codec hands its view what its measure learned (see stateful_codec).
    static constexpr std::size_t stateful_field = detail::stateful_field_index<P>();
    static_assert(stateful_field <= S::field_count, "at most one field of a schema may keep a parse state");
    constexpr view() : ends_{}, header_bytes_(0), state_{} {}
    // For parse(): the offsets, which parse_into sets before anything reads them, are left
    // unset (zeroing the view cost more than the small parses it serves). The parse state is
    // set, as its field may be absent (a hello without extensions) and its measure not run.
    constexpr explicit view(detail::unset_view_t) : state_{} {}

    // The value of a field, decoded from the input. A typo in the name does not compile.
    template <fixed_string Name>
    constexpr auto get() const {
        static_assert(S::has_field(Name.view()), "this protocol has no field of that name");
        return get_at<S::index_of(Name.view())>();
    }

    template <std::size_t I>
    constexpr auto get_at() const {
        using F = field_t<P, I>;
        static_assert(!F::is_padding, "padding has no value");
        if constexpr (F::is_conditional) {
            using V = decltype(decode<I>());
            if (end_bits<I>() == start_bits<I>()) return std::optional<V>{};
            return std::optional<V>{decode<I>()};
        } else {
            return decode<I>();
        }
    }

    constexpr detail::bytes_view bytes() const { return bytes_; }  // header and payload
    constexpr detail::bytes_view header() const { return bytes_.first(header_bytes_); }
    constexpr detail::bytes_view payload() const { return bytes_.subspan(header_bytes_); }
    constexpr std::size_t size() const { return bytes_.size(); }

    // The expression context: what schema expressions see while parsing.
    template <fixed_string Name>
    constexpr std::int64_t value_of() const {
        constexpr std::size_t I = S::index_of(Name.view());
        static_assert(I < S::field_count, "expression refers to an unknown field");
        auto v = decode<I>();
        if constexpr (std::is_same_v<decltype(v), std::int64_t>) return v;
        else return detail::to_int(v);
    }
    template <fixed_string Name>
    constexpr std::size_t size_of() const {
        constexpr std::size_t I = S::index_of(Name.view());
        if constexpr (S::byte_ends && !S::layout[I].is_static) return end_byte<I>() - start_byte<I>();
        else return (end_bits<I>() - start_bits<I>()) / 8;
    }
    constexpr std::size_t header_size() const { return header_bytes_; }
    constexpr std::size_t payload_size() const { return bytes_.size() - header_bytes_; }
    // What the stateful field's codec learned while parsing (see stateful_codec).
    constexpr const auto& parse_state() const { return state_; }
    // While the total size is evaluated: every byte handed to parse(); afterwards, size().
    constexpr std::size_t available_size() const { return bytes_.size(); }

    // The ends of the fields whose positions depend on the input are kept in bytes when all of
    // them fall on byte boundaries (S::byte_ends), else in bits.
    static constexpr std::size_t end_unit = S::byte_ends ? 8 : 1;
    template <std::size_t I>
    constexpr std::size_t start_bits() const {
        constexpr auto row = S::layout[I];
        if constexpr (row.anchor < 0) return row.offset_bits;
        else return ends_[row.anchor] * end_unit + row.offset_bits;
    }
    template <std::size_t I>
    constexpr std::size_t end_bits() const {
        constexpr auto row = S::layout[I];
        if constexpr (I == S::field_count) return start_bits<I>();
        else if constexpr (row.is_static) return start_bits<I>() + row.bits;
        else return ends_[row.slot] * end_unit;
    }
    // The same in bytes, for a field that starts (ends) on a byte boundary. Kept in bytes, they
    // are read without a conversion.
    template <std::size_t I>
    constexpr std::size_t start_byte() const {
        constexpr auto row = S::layout[I];
        static_assert(row.offset_bits % 8 == 0 || row.anchor < 0, "start_byte: a field that starts inside a byte");
        if constexpr (row.anchor < 0) return row.offset_bits / 8;
        else if constexpr (S::byte_ends) return ends_[row.anchor] + row.offset_bits / 8;
        else return (ends_[row.anchor] + row.offset_bits) / 8;
    }
    template <std::size_t I>
    constexpr std::size_t end_byte() const {
        constexpr auto row = S::layout[I];
        if constexpr (I == S::field_count || row.is_static) return (end_bits<I>() + 7) / 8;
        else if constexpr (S::byte_ends) return ends_[row.slot];
        else return ends_[row.slot] / 8;
    }

private:
    template <protocol Q>
    friend constexpr bool parse_into(view<Q>&, detail::bytes_view, parse_options, error&);
    template <protocol Q, std::size_t I>
    friend constexpr bool parse_field(view<Q>&, std::size_t, error&);

    template <std::size_t I>
    constexpr auto decode() const {
        using F = field_t<P, I>;
        using T = typename F::value_type;
        constexpr auto row = S::layout[I];
        if constexpr (F::is_integer) {
            constexpr std::size_t width = F::kind_type::bit_width;
            // Whole bytes after a field of input-dependent size: a plain load at a byte offset.
            constexpr bool whole_bytes = S::byte_ends && row.anchor >= 0 && row.offset_bits % 8 == 0 && width % 8 == 0;
            std::uint64_t raw = 0;
            if constexpr (F::kind_type::little_endian) raw = detail::load_le(bytes_.data() + start_byte<I>(), width / 8);
            else if constexpr (whole_bytes) raw = detail::load_be(bytes_.data() + start_byte<I>(), width / 8);
            else raw = detail::load_bits(bytes_.data(), start_bits<I>(), width);
            if constexpr (std::is_same_v<T, bool>) return raw != 0;
            else if constexpr (std::is_signed_v<T> && !std::is_enum_v<T>) {  // two's complement of the field's width
                constexpr std::size_t bits = F::kind_type::bit_width;
                if constexpr (bits < 64) {
                    const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
                    return static_cast<T>(static_cast<std::int64_t>((raw ^ sign) - sign));
                } else {
                    return static_cast<T>(raw);
                }
            } else return static_cast<T>(raw);
        } else {
            const std::size_t start = start_byte<I>();
            const auto area = bytes_.subspan(start, end_byte<I>() - start);
            if constexpr (I == stateful_field) return field_at<P, I>().kind.view_of(area, state_);
            else return field_at<P, I>().kind.view_of(area);
        }
    }

    detail::bytes_view bytes_{};
    std::array<std::size_t, S::dynamic_count> ends_;  // in end_unit bits: bytes or bits
    std::size_t header_bytes_;
    [[no_unique_address]] typename detail::view_state<P>::type state_;
};

namespace detail {
template <protocol P>
constexpr error truncated_prefix(std::size_t available) {
    using S = schema_t<P>;
    for (std::size_t i = 0; i < S::field_count; ++i) {
        const auto row = S::layout[i];
        if (!row.is_static) break;
        const std::size_t end = (row.offset_bits + row.bits + 7) / 8;
        if (end > available) return error{error_kind::truncated, S::name, S::names[i], row.offset_bits / 8, end, available};
    }
    return error{error_kind::truncated, S::name, {}, 0, S::prefix_bytes, available};
}

template <class F, class V>
constexpr bool check_value(const F& f, V value, std::string_view protocol, std::size_t offset, error& err) {
    const auto v = static_cast<std::uint64_t>(to_int(value));
    if (f.check.how == value_check::mode::equal && v != f.check.low) {
        err = error{error_kind::bad_constant, protocol, F::name, offset, v, f.check.low};
        return false;
    }
    if (f.check.how == value_check::mode::range && (v < f.check.low || v > f.check.high)) {
        const bool low = v < f.check.low;
        err = error{error_kind::out_of_range, protocol, F::name, offset, v, low ? f.check.low : f.check.high,
                    low ? "minimum" : "maximum"};
        return false;
    }
    return true;
}
}  // namespace detail

namespace detail {
template <protocol P, std::size_t I>
constexpr bool check_prefix_value(const view<P>& v, error& err) {
    using F = field_t<P, I>;
    constexpr auto row = schema_t<P>::layout[I];
    if constexpr (row.is_static && row.anchor < 0 && F::is_integer) {
        const auto& f = field_at<P, I>();
        if (f.check.how != value_check::mode::none)
            return check_value(f, v.template get_at<I>(), schema_t<P>::name, row.offset_bits / 8, err);
    }
    return true;
}
}  // namespace detail

namespace detail {
// A field's measure, given the view's parse state when the field is the one that keeps it (the
// state's type is that field's: a schema has at most one).
template <class Codec, class State>
constexpr result<std::size_t> measure_field(const Codec& codec, bytes_view area, const location& where, State& state) {
    if constexpr (stateful_codec<Codec> && std::is_same_v<State, parse_state_t<Codec>>) return codec.measure(area, where, state);
    else return codec.measure(area, where);
}
}  // namespace detail

template <protocol P, std::size_t I>
constexpr bool parse_field(view<P>& v, std::size_t limit, error& err) {
    using S = schema_t<P>;
    using F = field_t<P, I>;
    constexpr auto row = S::layout[I];
    const auto& f = field_at<P, I>();
    const std::size_t start = v.template start_bits<I>();

    if constexpr (row.is_static) {
        if constexpr (row.anchor >= 0) {  // after a variable field: bounds not yet known
            std::size_t needed = 0;  // bytes up to the field's end
            if constexpr (S::byte_ends && row.offset_bits % 8 == 0) needed = v.template start_byte<I>() + (row.bits + 7) / 8;
            else needed = (start + row.bits + 7) / 8;
            if (needed > limit) {
                err = error{error_kind::truncated, S::name, F::name, start / 8, needed, limit};
                return false;
            }
            if constexpr (F::is_integer)
                if (f.check.how != value_check::mode::none) return detail::check_value(f, v.template get_at<I>(), S::name, start / 8, err);
        }
        return true;  // fields of the fixed prefix were checked before the total size
    } else {
        std::size_t& end = v.ends_[row.slot];
        // Ends are kept in the view's unit (see view::end_unit).
        auto end_at_byte = [](std::size_t byte) { return S::byte_ends ? byte : byte * 8; };
        if constexpr (F::is_conditional) {
            if (!f.condition.eval(v)) {
                if constexpr (S::byte_ends) end = v.template start_byte<I>();
                else end = start;
                return true;
            }
        }
        if constexpr (F::is_padding) {
            const std::size_t at = v.template start_byte<I>();
            const std::size_t pad = (f.kind.alignment - at % f.kind.alignment) % f.kind.alignment;
            if (at + pad > limit) {
                err = error{error_kind::truncated, S::name, F::name, at, at + pad, limit};
                return false;
            }
            end = end_at_byte(at + pad);
            return true;
        } else if constexpr (detail::width_bits<F>() > 0) {  // a conditional fixed-width field
            if ((start + detail::width_bits<F>() + 7) / 8 > limit) {
                err = error{error_kind::truncated, S::name, F::name, start / 8, (start + detail::width_bits<F>() + 7) / 8, limit};
                return false;
            }
            if constexpr (S::byte_ends) end = v.template start_byte<I>() + detail::width_bits<F>() / 8;
            else end = start + detail::width_bits<F>();
            if constexpr (F::is_integer)
                if (f.check.how != value_check::mode::none) return detail::check_value(f, v.template get_at<I>().value(), S::name, start / 8, err);
            return true;
        } else {
            const std::size_t at = v.template start_byte<I>();
            const location where{S::name, F::name, at};
            std::size_t size = 0;
            if constexpr (F::has_length) {
                const std::int64_t length = f.length.eval(v);
                if (length < 0 || static_cast<std::uint64_t>(length) > limit - at) {
                    // Blame the field the length came from, where the user sees the number.
                    constexpr std::size_t J = S::index_of(decltype(f.length)::first_ref);
                    std::size_t blame_at = at;
                    std::string_view blame = F::name;
                    if constexpr (J < I) { blame = S::names[J]; blame_at = v.template start_bits<J>() / 8; }
                    const auto claimed = static_cast<std::uint64_t>(static_cast<std::int64_t>(at) + length);
                    err = length < 0 ? error{error_kind::length_inconsistent, S::name, blame, blame_at, claimed, at, "header needs"}
                                     : error{error_kind::length_inconsistent, S::name, blame, blame_at, claimed, limit};
                    return false;
                }
                size = static_cast<std::size_t>(length);
                auto measured = detail::measure_field(f.kind, v.bytes_.subspan(at, size), where, v.state_);
                if (!measured) { err = measured.error(); return false; }
                if (*measured != size) {
                    err = where.fail(error_kind::length_inconsistent, *measured, size, *measured, "contents end after");
                    return false;
                }
            } else if constexpr (!F::kind_type::self_delimiting) {
                // Unsized and not self-delimiting: the field fills the rest of the PDU.
                size = limit - at;
                auto measured = detail::measure_field(f.kind, v.bytes_.subspan(at, size), where, v.state_);
                if (!measured) { err = measured.error(); return false; }
            } else {
                auto measured = detail::measure_field(f.kind, v.bytes_.subspan(at, limit - at), where, v.state_);
                if (!measured) { err = measured.error(); return false; }
                size = *measured;
            }
            end = end_at_byte(at + size);
            return true;
        }
    }
}

// Fills `v` from `in`, or says what is wrong in `err`. parse() builds its result in place
// through this: a view built in a local and copied out is read back with wider loads than it
// was written with, which stalls store forwarding (measured: 7 of the DNS query's 20 ns).
template <protocol P>
constexpr bool parse_into(view<P>& v, detail::bytes_view in, parse_options options, error& err) {
    using S = schema_t<P>;
    if (in.size() < S::prefix_bytes) { err = detail::truncated_prefix<P>(in.size()); return false; }
    v.bytes_ = in;
    std::size_t limit = in.size();
    // Constants and ranges of the fixed prefix first: a wrong version says more than the
    // length it implies (an IPv6 packet given to the IPv4 parser fails on "version").
    {
        const bool ok = [&]<std::size_t... I>(std::index_sequence<I...>) {
            return (detail::check_prefix_value<P, I>(v, err) && ...);
        }(std::make_index_sequence<S::field_count>{});
        if (!ok) return false;
    }
    if constexpr (S::has_extent) {
        constexpr std::size_t J = S::index_of(decltype(schema_of<P>.extent)::first_ref);
        static_assert(J < S::field_count && S::layout[J].is_static && S::layout[J].anchor < 0,
                      "total_size must be computed from fields at fixed offsets");
        const std::int64_t total = schema_of<P>.extent.eval(v);
        const std::size_t at = S::layout[J].offset_bits / 8;
        if (total < static_cast<std::int64_t>(S::prefix_bytes)) {
            err = error{error_kind::length_inconsistent, S::name, S::names[J], at, static_cast<std::uint64_t>(total < 0 ? 0 : total),
                         S::prefix_bytes, "header needs"};
            return false;
        }
        if (static_cast<std::uint64_t>(total) > in.size()) {
            if (!options.allow_truncated_payload) {
                err = error{error_kind::length_inconsistent, S::name, S::names[J], at, static_cast<std::uint64_t>(total), in.size()};
                return false;
            }
        } else {
            limit = static_cast<std::size_t>(total);
        }
    }
    const bool ok = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (parse_field<P, I>(v, limit, err) && ...);
    }(std::make_index_sequence<S::field_count>{});
    if (!ok) return false;
    if constexpr (S::byte_ends && S::layout[S::field_count].offset_bits % 8 == 0) {
        v.header_bytes_ = v.template start_byte<S::field_count>();
    } else {
        const std::size_t header_bits = v.template start_bits<S::field_count>();
        if (header_bits % 8 != 0) {
            err = error{error_kind::malformed, S::name, {}, header_bits / 8, 0, 0, "header does not end on a byte boundary"};
            return false;
        }
        v.header_bytes_ = header_bits / 8;
    }
    v.bytes_ = in.first(limit);
    return true;
}

// A PDU that must fill `in` exactly: a TLS message's body, an extension's data, any area whose
// size an enclosing length already fixed. Bytes left after the fields are an error naming the
// last field, at the offset where they begin: "tls_new_session_ticket.ticket: says 9 bytes,
// contents end after 8 (byte offset 8)". Flattened like parse (see parse_in_place): callers
// that fill a view they keep (a TLS extension's body) get the same inlined codecs.
template <protocol P>
[[gnu::flatten]] constexpr bool parse_exact_into(view<P>& v, detail::bytes_view in, parse_options options, error& err) {
    using S = schema_t<P>;
    if (!parse_into(v, in, options, err)) return false;
    if (v.header_size() == in.size()) return true;
    std::string_view last{};
    if constexpr (S::field_count > 0) last = S::names[S::field_count - 1];
    const std::size_t used = v.header_size();
    err = error{error_kind::length_inconsistent, S::name, last, used, in.size(), used, "contents end after"};
    return false;
}

namespace detail {
// The result of parse or parse_exact, its view filled in place.
// Flattened: every codec a schema nests (prefixed vectors, nested headers, lists) is inlined
// here, where each codec is a known constant. Left out of line, a codec's measure reads its own
// parameters (prefix width, bounds) at run time, and a 2-byte prefix becomes a byte loop. Rare
// paths that would bloat the result are kept out of line where they are declared (gnu::cold).
template <protocol P, bool Exact>
[[gnu::flatten]] constexpr result<view<P>> parse_in_place(bytes_view in, parse_options options) {
    result<view<P>> out{std::in_place, unset_view_t{}};
    auto run = [&](error& err) {
        if (!(Exact ? parse_exact_into(*out, in, options, err) : parse_into(*out, in, options, err))) out = err;
    };
    if (std::is_constant_evaluated()) {
        error err;
        run(err);
    } else {
        // Every failure writes a whole error before it is read, so at run time it starts unset:
        // flattened, g++ zeroed its 80 bytes on every call, the parse of an IPv6 header included.
        // `error` is an aggregate, so the byte array's storage holds one (implicit object creation).
        alignas(error) std::byte storage[sizeof(error)];
        run(*std::launder(reinterpret_cast<error*>(storage)));
    }
    return out;
}
}  // namespace detail

template <protocol P>
constexpr result<view<P>> parse(detail::bytes_view in, parse_options options = {}) {
    return detail::parse_in_place<P, false>(in, options);
}
template <protocol P>
constexpr result<view<P>> parse_exact(detail::bytes_view in, parse_options options = {}) {
    return detail::parse_in_place<P, true>(in, options);
}

// A view borrows its bytes: parsing a temporary vector would leave it dangling.
template <protocol P>
result<view<P>> parse(std::vector<std::byte>&&, parse_options = {}) = delete;
template <protocol P>
result<view<P>> parse(const std::vector<std::byte>&&, parse_options = {}) = delete;
template <protocol P>
result<view<P>> parse_exact(std::vector<std::byte>&&, parse_options = {}) = delete;
template <protocol P>
result<view<P>> parse_exact(const std::vector<std::byte>&&, parse_options = {}) = delete;

template <protocol P>
constexpr result<view<P>> parse(std::span<const std::uint8_t> in, parse_options options = {}) {
    return parse<P>(std::as_bytes(in), options);
}
template <protocol P>
result<view<P>> parse(const std::uint8_t* data, std::size_t size, parse_options options = {}) {
    return parse<P>(std::as_bytes(std::span<const std::uint8_t>(data, size)), options);
}

// The owned value of a view: every field copied out, computed fields included as they were
// on the wire, so that serializing it reproduces the input exactly.
template <protocol P>
constexpr P to_owned(const view<P>& v) {
    P out{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ([&] {
            using F = field_t<P, I>;
            if constexpr (!F::is_padding) {
                auto& member = out.*F::member;
                const auto& f = field_at<P, I>();
                auto assign = [&](const auto& value) {
                    if constexpr (F::is_integer) member = value;
                    else member = f.kind.to_owned(value);
                };
                if constexpr (F::is_conditional) {
                    if (auto value = v.template get_at<I>()) assign(*value);
                } else {
                    assign(v.template get_at<I>());
                }
            }
        }(), ...);
    }(std::make_index_sequence<schema_t<P>::field_count>{});
    return out;
}

// A schema used as a codec: a header nested inside another (records inside a message,
// an option's typed body). Its size is the nested PDU's size.
template <protocol P>
struct nested_codec {
    using owned_type = P;
    using view_type = view<P>;
    static constexpr bool self_delimiting = true;
    constexpr result<std::size_t> measure(detail::bytes_view in, const location& where) const {
        view_type v{detail::unset_view_t{}};
        if (error err; !parse_into(v, in, {}, err)) return err.shifted(where.offset);
        // Without a total size, a nested header ends where its fields end. With one, the owned
        // value holds fields only, so bytes between the fields' end and the total size would be
        // lost on a round trip: give them a field (`rest`) or they are an error.
        if constexpr (schema_t<P>::has_extent)
            if (v.payload_size() != 0)
                return where.fail(error_kind::length_inconsistent, 0, v.size(), v.header_size(), "fields end after");
        return v.header_size();
    }
    // Areas measure accepted: the parse cannot fail; it fills the returned view in place.
    constexpr view_type view_of(detail::bytes_view in) const {
        view_type v{detail::unset_view_t{}};
        error unused;
        if (!parse_into(v, in, {}, unused)) detail::bad_result_access();
        return v;
    }
    // For lists: the element and its size from one parse.
    constexpr std::pair<view_type, std::size_t> view_and_size(detail::bytes_view in) const {
        std::pair<view_type, std::size_t> out{std::piecewise_construct, std::forward_as_tuple(detail::unset_view_t{}), std::forward_as_tuple(0)};
        error unused;
        if (!parse_into(out.first, in, {}, unused)) detail::bad_result_access();
        out.second = out.first.header_size();
        return out;
    }
    constexpr owned_type to_owned(const view_type& v) const { return wirecraft::to_owned(v); }
    constexpr std::size_t size(const P& value) const;
    constexpr result<std::size_t> write(const P& value, detail::bytes_span out, const location& where) const;
};
template <protocol P>
inline constexpr nested_codec<P> nested{};

}  // namespace wirecraft
