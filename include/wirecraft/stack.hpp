// Serializing a stack of layers (Ethernet / IPv4 / UDP / payload) in one call. Each layer's
// lengths and checksums see the layers after it; a layer that offers a pseudo-header (IPv4)
// hands it to the next one's checksum.
#pragma once
#include <array>
#include <cstddef>
#include <vector>

#include <tuple>

#include "schema.hpp"

namespace wirecraft {

template <class L>
concept offers_pseudo_header = requires(const L& l) { { L::pseudo_header(l) } -> std::convertible_to<std::uint64_t>; };

// Writes layers... then payload into `out`; returns the bytes written.
template <protocol... Layers>
constexpr result<std::size_t> serialize_stack(detail::bytes_span out, detail::bytes_view payload, const Layers&... layers) {
    constexpr std::size_t n = sizeof...(Layers);
    const std::array<std::size_t, n> sizes{wirecraft::size(layers)...};
    std::array<std::size_t, n + 1> offset{};
    for (std::size_t i = 0; i < n; ++i) offset[i + 1] = offset[i] + sizes[i];
    const std::size_t total = offset[n] + payload.size();
    if (out.size() < total) return error{error_kind::buffer_too_small, "stack", {}, 0, total, out.size()};
    detail::copy_bytes(payload, out.subspan(offset[n]));

    // Pseudo-header contexts flow down: layer i gets the one of layer i-1.
    std::array<serialize_context, n + 1> context{};
    std::size_t i = 0;
    ([&] {
        if constexpr (offers_pseudo_header<Layers>) context[i + 1] = {true, static_cast<std::uint32_t>(Layers::pseudo_header(layers))};
        ++i;
    }(), ...);

    // Innermost first, so every checksum covers finished bytes.
    error err;
    bool ok = true;
    auto write_one = [&](const auto& layer, std::size_t index) {
        if (!ok) return;
        auto r = serialize(layer, out.subspan(offset[index]), total - offset[index] - sizes[index], context[index]);
        if (!r) { ok = false; err = r.error().shifted(offset[index]); }
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        auto tuple = std::forward_as_tuple(layers...);
        ((write_one(std::get<n - 1 - I>(tuple), n - 1 - I)), ...);
    }(std::make_index_sequence<n>{});
    if (!ok) return err;
    return total;
}

template <protocol... Layers>
constexpr result<std::vector<std::byte>> stack_to_bytes(detail::bytes_view payload, const Layers&... layers) {
    std::vector<std::byte> out(((wirecraft::size(layers)) + ... + payload.size()), std::byte{0});
    auto n = serialize_stack(detail::bytes_span(out), payload, layers...);
    if (!n) return n.error();
    return out;
}

}  // namespace wirecraft
