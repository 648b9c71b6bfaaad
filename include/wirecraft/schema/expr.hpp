// A tiny expression language for schemas: lengths, conditions and computed values written
// like the RFC figure says them, e.g. `ref<"header_length"> * 4 - 20`.
//
// An expression is evaluated against a context that answers value_of<Name>(), size_of<Name>(),
// header_size() and payload_size(): at parse time the context reads the bytes, at serialize
// time it reads the owned value. Arithmetic is on 64-bit signed integers.
#pragma once
#include <array>
#include <concepts>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "fixed_string.hpp"

namespace wirecraft {

template <class E>
concept expression = requires { typename E::is_expression; };

// Every expression names the first field it refers to, so that an error caused by its value
// can be attributed to the field the user sees on the wire; `all_refs(pred)` asks whether
// every field it refers to passes `pred`, which the schema uses to reject, at compile time,
// lengths and conditions that read fields not parsed yet.
template <fixed_string Name>
struct ref_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref = Name;
    template <class Pred>
    static constexpr bool all_refs(Pred pred) { return pred(Name.view()); }
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const { return static_cast<std::int64_t>(c.template value_of<Name>()); }
};
template <fixed_string Name>
inline constexpr ref_expr<Name> ref{};

template <fixed_string Name>
struct size_of_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref = Name;
    template <class Pred>
    static constexpr bool all_refs(Pred pred) { return pred(Name.view()); }
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const { return static_cast<std::int64_t>(c.template size_of<Name>()); }
};
template <fixed_string Name>
inline constexpr size_of_expr<Name> size_of{};

struct header_size_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref{};
    template <class Pred>
    static constexpr bool all_refs(Pred) { return true; }
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const { return static_cast<std::int64_t>(c.header_size()); }
};
inline constexpr header_size_expr header_size{};

struct payload_size_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref{};
    template <class Pred>
    static constexpr bool all_refs(Pred) { return true; }
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const { return static_cast<std::int64_t>(c.payload_size()); }
};
inline constexpr payload_size_expr payload_size{};

// The bytes handed to the parser, from the header's first byte on. For a total size that the
// header leaves to the layer below, such as an IPv6 jumbogram's payload length of 0 (RFC 2675).
// Only total_size() may use it: there is nothing to measure when serializing.
struct available_size_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref{};
    template <class Pred>
    static constexpr bool all_refs(Pred) { return true; }
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const { return static_cast<std::int64_t>(c.available_size()); }
};
inline constexpr available_size_expr available_size{};

struct constant_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref{};
    template <class Pred>
    static constexpr bool all_refs(Pred) { return true; }
    std::int64_t value;
    template <class Context>
    constexpr std::int64_t eval(const Context&) const { return value; }
};

template <class T>
constexpr auto as_expression(T v) {
    if constexpr (expression<T>) return v;
    else return constant_expr{static_cast<std::int64_t>(v)};
}

template <class L, class R, class Op>
struct binary_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref = L::first_ref.empty() ? R::first_ref : L::first_ref;
    template <class Pred>
    static constexpr bool all_refs(Pred pred) { return L::all_refs(pred) && R::all_refs(pred); }
    L left;
    R right;
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const { return Op{}(left.eval(c), right.eval(c)); }
};

// `value` is one of a fixed set: conditions such as "ICMP type is an echo type".
template <class E, std::size_t N>
struct one_of_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref = E::first_ref;
    template <class Pred>
    static constexpr bool all_refs(Pred pred) { return E::all_refs(pred); }
    E value;
    std::array<std::int64_t, N> set;
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const {
        const auto v = value.eval(c);
        for (auto s : set)
            if (s == v) return 1;
        return 0;
    }
};
template <expression E, class... V>
constexpr auto one_of(E e, V... values) {
    return one_of_expr<E, sizeof...(V)>{e, {static_cast<std::int64_t>(values)...}};
}

namespace ops {
// Division by zero yields 0 rather than undefined behaviour: schemas divide by constants,
// but a context must never be able to crash the evaluator.
struct add { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a + b; } };
struct sub { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a - b; } };
struct mul { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a * b; } };
struct div { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return b ? a / b : 0; } };
struct mod { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return b ? a % b : 0; } };
struct bit_and { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a & b; } };
struct eq { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a == b; } };
struct ne { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a != b; } };
struct lt { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a < b; } };
struct gt { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a > b; } };
struct le { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a <= b; } };
struct ge { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a >= b; } };
struct logical_and { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a && b; } };
struct logical_or { constexpr std::int64_t operator()(std::int64_t a, std::int64_t b) const { return a || b; } };
}  // namespace ops

template <class A, class B>
concept expression_operands =
    (expression<A> && (expression<B> || std::integral<B>)) || (std::integral<A> && expression<B>);

#define WIRECRAFT_EXPR_OPERATOR(symbol, op)                                                      \
    template <class A, class B>                                                                  \
        requires expression_operands<A, B>                                                       \
    constexpr auto operator symbol(A a, B b) {                                                   \
        using L = decltype(as_expression(a));                                                    \
        using R = decltype(as_expression(b));                                                    \
        return binary_expr<L, R, ops::op>{as_expression(a), as_expression(b)};                   \
    }
WIRECRAFT_EXPR_OPERATOR(+, add)
WIRECRAFT_EXPR_OPERATOR(-, sub)
WIRECRAFT_EXPR_OPERATOR(*, mul)
WIRECRAFT_EXPR_OPERATOR(/, div)
WIRECRAFT_EXPR_OPERATOR(%, mod)
WIRECRAFT_EXPR_OPERATOR(&, bit_and)
WIRECRAFT_EXPR_OPERATOR(==, eq)
WIRECRAFT_EXPR_OPERATOR(!=, ne)
WIRECRAFT_EXPR_OPERATOR(<, lt)
WIRECRAFT_EXPR_OPERATOR(>, gt)
WIRECRAFT_EXPR_OPERATOR(<=, le)
WIRECRAFT_EXPR_OPERATOR(>=, ge)
WIRECRAFT_EXPR_OPERATOR(&&, logical_and)
WIRECRAFT_EXPR_OPERATOR(||, logical_or)
#undef WIRECRAFT_EXPR_OPERATOR

// `if_else(condition, then, otherwise)`: one of two expressions, picked by the condition's value
// (an RFC's "if this field is zero, the length is ...").
template <class C, class T, class O>
struct if_else_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref =
        !C::first_ref.empty() ? C::first_ref : !T::first_ref.empty() ? T::first_ref : O::first_ref;
    template <class Pred>
    static constexpr bool all_refs(Pred pred) { return C::all_refs(pred) && T::all_refs(pred) && O::all_refs(pred); }
    C condition;
    T then;
    O otherwise;
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const { return condition.eval(c) ? then.eval(c) : otherwise.eval(c); }
};
template <expression C, class T, class O>
    requires(expression<T> || std::integral<T>) && (expression<O> || std::integral<O>)
constexpr auto if_else(C condition, T then, O otherwise) {
    return if_else_expr<C, decltype(as_expression(then)), decltype(as_expression(otherwise))>{condition, as_expression(then),
                                                                                          as_expression(otherwise)};
}

template <class E>
struct not_expr {
    using is_expression = void;
    static constexpr std::string_view first_ref = E::first_ref;
    template <class Pred>
    static constexpr bool all_refs(Pred pred) { return E::all_refs(pred); }
    E operand;
    template <class Context>
    constexpr std::int64_t eval(const Context& c) const { return operand.eval(c) == 0; }
};
template <expression E>
constexpr auto operator!(E e) { return not_expr<E>{e}; }

}  // namespace wirecraft
