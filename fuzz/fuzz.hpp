// Shared by the fuzz targets: the properties every parser must keep, whatever the input.
//   1. parse never crashes, reads out of bounds (ASan) or hits undefined behaviour (UBSan);
//   2. an error prints as one non-empty line;
//   3. a successful parse prints, converts to an owned value, and re-serializes to exactly the
//      header bytes it came from; parsing those bytes again gives an equal value.
// A broken property aborts, so libFuzzer keeps the input as a crash reproducer.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include <wirecraft/dissection/summary.hpp>
#include <wirecraft/dissection/wireshark.hpp>
#include <wirecraft/wirecraft.hpp>

namespace wcfuzz {

namespace wc = wirecraft;
using bytes_view = std::span<const std::byte>;

// Reads a fuzz input as a command language: integers big-endian, zeros once it runs out. Each
// read is its own statement, so the bytes are taken in order whatever the compiler.
struct input_reader {
    bytes_view in;
    bool empty() const { return in.empty(); }
    std::uint8_t u8() {
        if (in.empty()) return 0;
        const auto v = std::to_integer<std::uint8_t>(in.front());
        in = in.subspan(1);
        return v;
    }
    std::uint16_t u16() {
        const std::uint16_t high = u8();
        return static_cast<std::uint16_t>(high << 8 | u8());
    }
    std::uint32_t u32() {
        const std::uint32_t high = u16();
        return high << 16 | u16();
    }
    std::uint64_t u64() {
        const std::uint64_t high = u32();
        return high << 32 | u32();
    }
    bytes_view take(std::size_t n) {
        n = std::min(n, in.size());
        auto out = in.first(n);
        in = in.subspan(n);
        return out;
    }
};

[[noreturn]] inline void fail(const char* property, const std::string& detail) {
    std::fprintf(stderr, "wirecraft fuzz: %s\n%s\n", property, detail.c_str());
    std::abort();
}

inline void check_error(const wc::error& e) {
    const std::string line = to_string(e);
    if (line.empty() || line.find('\n') != std::string::npos) fail("an error must print as one line", line);
}

// Whether re-serializing gives back the very bytes. DNS gives back an equal message, but a
// name that pointed into the middle of a label or into opaque record data is written anew.
template <class P> inline constexpr bool reserializes_exactly = true;
template <> inline constexpr bool reserializes_exactly<wc::dns> = false;
template <> inline constexpr bool reserializes_exactly<wc::dns_over_tcp> = false;

// The round-trip properties of one parsed layer.
template <wc::protocol P>
void check_layer(const wc::view<P>& first, wc::parse_options options = {}) {
    (void)wc::to_string(first);
    const P owned = wc::to_owned(first);
    const std::string printed = wc::to_string(owned);
    auto bytes = wc::to_bytes(owned, first.payload());
    if (!bytes) fail("a parsed value must serialize", to_string(bytes.error()) + "\n" + printed);
    const auto header = first.header();
    if (reserializes_exactly<P> && (bytes->size() < header.size() || !std::equal(header.begin(), header.end(), bytes->begin())))
        fail("re-serialized header bytes must equal the input's", printed);
    auto second = wc::parse<P>(*bytes, options);
    if (!second) fail("re-serialized bytes must parse", to_string(second.error()) + "\n" + printed);
    if (!(wc::to_owned(*second) == owned))
        fail("parse -> serialize -> parse must give an equal value", printed + "\n" + wc::to_string(wc::to_owned(*second)));
}

// Parses `in` as P and checks the round-trip properties. Returns the view when the parse
// succeeded, for targets that go on to the layer inside.
template <wc::protocol P>
std::optional<wc::view<P>> round_trip(bytes_view in, wc::parse_options options = {}) {
    auto first = wc::parse<P>(in, options);
    if (!first) {
        check_error(first.error());
        return std::nullopt;
    }
    check_layer(*first, options);
    return *first;
}

// Every layer a dissection visits keeps the round-trip properties; its Wireshark fields and
// summary are computed too (they read option bodies the parse did not type).
struct layer_checker {
    struct sink {
        void layer(std::size_t, std::string_view) {}
        void integer(std::string_view, std::uint64_t) {}
        void signed_integer(std::string_view, std::int64_t) {}
        void text(std::string_view, const std::string&) {}
        void bytes(std::string_view, bytes_view) {}
    };
    std::size_t layers = 0;
    template <class P>
    void operator()(const wc::view<P>& layer) {
        ++layers;
        // Quoted and cut-short layers were parsed with a short payload allowed.
        check_layer(layer, {.allow_truncated_payload = true});
        sink out;
        wc::wireshark_fields(layer, out);
        (void)wc::summary(layer);
    }
};

inline bytes_view as_bytes(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const std::byte*>(data), size};
}

}  // namespace wcfuzz
