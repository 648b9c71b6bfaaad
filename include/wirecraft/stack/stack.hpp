// Layer stacking: owned headers joined with `/`, serialized in one call.
//
//   auto frame = to_bytes(ethernet{...} / ipv4{...} / tcp{.syn = true} / payload{"hello"});
//
// On serialize, each layer's next-protocol field (EtherType, IP protocol, next header) is filled
// from the binding to the layer above, lengths cover what follows, and checksums see the
// finished bytes, pseudo-headers included (the nearest layer below that offers one, so an IPv6
// extension header between IPv6 and TCP changes nothing). Fields the user set are written as
// set, so wrong values can be crafted on purpose. A layer that no binding lets follow the one
// below does not compile.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../checksum/internet.hpp"
#include "../schema.hpp"
#include "bindings.hpp"

namespace wirecraft {

// Raw bytes at the top of a stack (Scapy's Raw). Given a span, it borrows: the bytes are not
// copied, so crafting on a hot path allocates nothing, and they must outlive the stack, as a
// std::span's must. Given a vector (moved in or copied) or text, it owns them.
class payload {
public:
    constexpr payload() = default;
    constexpr payload(std::span<const std::byte> b) : borrowed_(b), is_borrowed_(true) {}
    constexpr payload(std::vector<std::byte> b) : owned_(std::move(b)) {}
    constexpr payload(std::string_view text) {
        for (char c : text) owned_.push_back(static_cast<std::byte>(c));
    }
    constexpr payload(const char* text) : payload(std::string_view(text)) {}
    constexpr payload(std::initializer_list<std::uint8_t> octets) {
        for (auto o : octets) owned_.push_back(static_cast<std::byte>(o));
    }
    constexpr std::span<const std::byte> bytes() const { return is_borrowed_ ? borrowed_ : std::span<const std::byte>(owned_); }
    constexpr std::size_t size() const { return bytes().size(); }

private:
    std::vector<std::byte> owned_{};
    std::span<const std::byte> borrowed_{};
    bool is_borrowed_ = false;
};

template <class T>
concept stack_layer = protocol<T> || std::is_same_v<T, payload>;

template <class L>
concept offers_pseudo_header = requires(const L& l) { { L::pseudo_header(l) } -> std::convertible_to<std::uint64_t>; };

template <class Registry, class... Layers>
struct stack {
    std::tuple<Layers...> layers{};
    static constexpr std::size_t depth = sizeof...(Layers);

    template <std::size_t I>
    constexpr auto& layer() { return std::get<I>(layers); }
    template <std::size_t I>
    constexpr const auto& layer() const { return std::get<I>(layers); }
};

namespace detail {
template <class... L>
using last_layer_t = std::tuple_element_t<sizeof...(L) - 1, std::tuple<L...>>;

template <class Registry, class Lower, class Upper>
constexpr bool may_follow() {
    if constexpr (std::is_same_v<Upper, payload>) return true;
    else return binding_between<Registry, Lower, Upper>.allowed;
}
}  // namespace detail

template <class Registry, class... Layers, stack_layer Next>
constexpr auto operator/(stack<Registry, Layers...> below, Next next) {
    if constexpr (sizeof...(Layers) > 0) {
        using Last = detail::last_layer_t<Layers...>;
        static_assert(!std::is_same_v<Last, payload>, "nothing can be stacked on a payload");
        static_assert(detail::may_follow<Registry, Last, Next>(),
                      "no binding lets this layer follow the one below it (see the pair in stack<...> above); "
                      "declare one: Registry::with<entry<Table, value, Upper>> or follows_when<Lower, Upper, Rule>");
    }
    return stack<Registry, Layers..., Next>{std::tuple_cat(std::move(below.layers), std::tuple<Next>{std::move(next)})};
}

namespace detail {
template <class L>
constexpr std::size_t layer_size(const L& layer) {
    if constexpr (std::is_same_v<L, payload>) return layer.size();
    else return wirecraft::size(layer);
}

// The next-layer value layer I gets from the binding to layer I+1.
template <class Registry, std::size_t I, class... L>
constexpr std::optional<std::uint64_t> next_value() {
    if constexpr (I + 1 >= sizeof...(L)) return std::nullopt;
    else {
        using Lower = std::tuple_element_t<I, std::tuple<L...>>;
        using Upper = std::tuple_element_t<I + 1, std::tuple<L...>>;
        if constexpr (std::is_same_v<Upper, payload> || std::is_same_v<Lower, payload>) return std::nullopt;
        else return binding_between<Registry, Lower, Upper>.value;
    }
}

// The pseudo-header the next layers see: set by IPv4/IPv6, its destination replaced by a routing
// header's final destination (RFC 8200 section 8.1), passed through everything else.
struct pseudo_header_state {
    serialize_context context{};
    std::uint32_t destination_sum = 0;  // the part of the sum the destination address adds
};
template <class L>
constexpr void pass_pseudo_header(const L& layer, pseudo_header_state& state) {
    if constexpr (offers_pseudo_header<L>) {
        state.context = {true, static_cast<std::uint32_t>(L::pseudo_header(layer)), {}};
        if constexpr (requires { address_sum(layer.destination); })
            state.destination_sum = static_cast<std::uint32_t>(address_sum(layer.destination));
    }
    if constexpr (requires { L::final_destination(layer); }) {
        if (auto final = L::final_destination(layer); final && state.context.has_pseudo_header) {
            const auto sum = static_cast<std::uint32_t>(address_sum(*final));
            state.context.pseudo_header_sum = state.context.pseudo_header_sum - state.destination_sum + sum;
            state.destination_sum = sum;
        }
    }
}

template <std::size_t I, class Registry, class... L>
constexpr bool write_layer(const stack<Registry, L...>& s, bytes_span out, const std::array<std::size_t, sizeof...(L) + 1>& offset,
                           const std::array<serialize_context, sizeof...(L)>& context, error& err) {
    const auto& layer = std::get<I>(s.layers);
    using Layer = std::remove_cvref_t<decltype(layer)>;
    if constexpr (std::is_same_v<Layer, payload>) {
        copy_bytes(layer.bytes(), out.subspan(offset[I]));
    } else {
        const std::size_t header = offset[I + 1] - offset[I];
        auto r = serialize(layer, out.subspan(offset[I]), offset[sizeof...(L)] - offset[I] - header, context[I]);
        if (!r) {
            err = r.error().shifted(offset[I]);
            return false;
        }
    }
    return true;
}
}  // namespace detail

template <class Registry, class... L>
constexpr std::size_t size(const stack<Registry, L...>& s) {
    return std::apply([](const auto&... layer) { return (std::size_t{0} + ... + detail::layer_size(layer)); }, s.layers);
}

// Writes the whole stack at the start of `out`; returns the bytes written.
template <class Registry, class... L>
constexpr result<std::size_t> serialize(const stack<Registry, L...>& s, detail::bytes_span out) {
    constexpr std::size_t n = sizeof...(L);
    std::array<std::size_t, n + 1> offset{};
    std::array<serialize_context, n> context{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((offset[I + 1] = offset[I] + detail::layer_size(std::get<I>(s.layers))), ...);
        detail::pseudo_header_state running{};  // flows up from the nearest layer that offers one
        ((context[I] = running.context, context[I].next_layer = detail::next_value<Registry, I, L...>(),
          detail::pass_pseudo_header(std::get<I>(s.layers), running)),
         ...);
    }(std::make_index_sequence<n>{});
    if (out.size() < offset[n]) return error{error_kind::buffer_too_small, "stack", {}, 0, offset[n], out.size()};
    // Innermost first, so every length and checksum covers finished bytes.
    error err;
    const bool ok = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (detail::write_layer<n - 1 - I>(s, out, offset, context, err) && ...);
    }(std::make_index_sequence<n>{});
    if (!ok) return err;
    return offset[n];
}

template <class Registry, class... L>
constexpr result<std::vector<std::byte>> to_bytes(const stack<Registry, L...>& s) {
    std::vector<std::byte> out(size(s), std::byte{0});
    auto n = serialize(s, detail::bytes_span(out));
    if (!n) return n.error();
    return out;
}

// The bytes of a stack in a constexpr-friendly array of capacity N.
template <std::size_t N, class Registry, class... L>
constexpr result<byte_array<N>> serialize_to_array(const stack<Registry, L...>& s) {
    byte_array<N> out;
    auto n = serialize(s, detail::bytes_span(out.data));
    if (!n) return n.error();
    out.length = *n;
    return out;
}

}  // namespace wirecraft
