// Address types: MAC, IPv4, IPv6. Literal types with constexpr text parsing and formatting,
// so addresses can appear in static_asserts and in compile-time crafted packets.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wirecraft {

namespace detail {
constexpr int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
constexpr char hex_char(unsigned v) noexcept { return "0123456789abcdef"[v & 0xf]; }

}  // namespace detail

template <std::size_t N>
struct address_octets {
    std::array<std::uint8_t, N> octets{};
    static constexpr std::size_t size = N;
    constexpr bool operator==(const address_octets&) const = default;
    constexpr auto operator<=>(const address_octets&) const = default;
};

struct mac_address : address_octets<6> {
    constexpr mac_address() = default;
    constexpr explicit mac_address(std::array<std::uint8_t, 6> o) : address_octets{o} {}
    // Accepts "aa:bb:cc:dd:ee:ff" and "aa-bb-cc-dd-ee-ff".
    consteval mac_address(const char* text) : mac_address(must(parse(text))) {}

    static constexpr std::optional<mac_address> parse(std::string_view s) noexcept {
        if (s.size() != 17) return std::nullopt;
        mac_address m;
        for (std::size_t i = 0; i < 6; ++i) {
            const int hi = detail::hex_digit(s[i * 3]), lo = detail::hex_digit(s[i * 3 + 1]);
            if (hi < 0 || lo < 0) return std::nullopt;
            if (i < 5 && s[i * 3 + 2] != ':' && s[i * 3 + 2] != '-') return std::nullopt;
            m.octets[i] = static_cast<std::uint8_t>(hi * 16 + lo);
        }
        return m;
    }
    static constexpr mac_address broadcast() { return mac_address{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
    constexpr bool is_broadcast() const noexcept { return *this == broadcast(); }
    constexpr bool is_multicast() const noexcept { return (octets[0] & 1) != 0; }

    std::string to_string() const {
        std::string s;
        for (std::size_t i = 0; i < 6; ++i) {
            if (i) s += ':';
            s += detail::hex_char(octets[i] >> 4);
            s += detail::hex_char(octets[i]);
        }
        return s;
    }

private:
    static consteval mac_address must(std::optional<mac_address> m) {
        if (!m) throw "invalid MAC address text";  // a compile error in consteval context
        return *m;
    }
};

struct ipv4_address : address_octets<4> {
    constexpr ipv4_address() = default;
    constexpr explicit ipv4_address(std::array<std::uint8_t, 4> o) : address_octets{o} {}
    constexpr explicit ipv4_address(std::uint32_t host_order)
        : address_octets{{static_cast<std::uint8_t>(host_order >> 24), static_cast<std::uint8_t>(host_order >> 16),
                          static_cast<std::uint8_t>(host_order >> 8), static_cast<std::uint8_t>(host_order)}} {}
    consteval ipv4_address(const char* text) : ipv4_address(must(parse(text))) {}

    static constexpr std::optional<ipv4_address> parse(std::string_view s) noexcept {
        ipv4_address a;
        std::size_t part = 0, i = 0;
        while (part < 4) {
            unsigned v = 0;
            std::size_t digits = 0;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                if (digits == 1 && v == 0) return std::nullopt;  // no leading zeros
                v = v * 10 + static_cast<unsigned>(s[i] - '0');
                if (v > 255 || ++digits > 3) return std::nullopt;
                ++i;
            }
            if (digits == 0) return std::nullopt;
            a.octets[part++] = static_cast<std::uint8_t>(v);
            if (part < 4) {
                if (i >= s.size() || s[i] != '.') return std::nullopt;
                ++i;
            }
        }
        if (i != s.size()) return std::nullopt;
        return a;
    }
    constexpr std::uint32_t to_uint() const noexcept {
        return (std::uint32_t{octets[0]} << 24) | (std::uint32_t{octets[1]} << 16) | (std::uint32_t{octets[2]} << 8) |
               octets[3];
    }
    std::string to_string() const {
        std::string s;
        for (std::size_t i = 0; i < 4; ++i) {
            if (i) s += '.';
            s += std::to_string(octets[i]);
        }
        return s;
    }

private:
    static consteval ipv4_address must(std::optional<ipv4_address> a) {
        if (!a) throw "invalid IPv4 address text";
        return *a;
    }
};

struct ipv6_address : address_octets<16> {
    constexpr ipv6_address() = default;
    constexpr explicit ipv6_address(std::array<std::uint8_t, 16> o) : address_octets{o} {}
    consteval ipv6_address(const char* text) : ipv6_address(must(parse(text))) {}

    // RFC 4291 section 2.2 text forms, including "::" and an embedded dotted IPv4 suffix.
    static constexpr std::optional<ipv6_address> parse(std::string_view s) noexcept {
        std::array<std::uint16_t, 8> groups{};
        std::size_t count = 0, gap = 8;  // gap: index where "::" stands, 8 if none
        std::size_t i = 0;
        if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
            gap = 0;
            i = 2;
        } else if (!s.empty() && s[0] == ':') {
            return std::nullopt;
        }
        while (i < s.size()) {
            if (count == 8) return std::nullopt;
            // An embedded IPv4 address ends the text.
            std::size_t j = i;
            while (j < s.size() && s[j] != ':' && s[j] != '.') ++j;
            if (j < s.size() && s[j] == '.') {
                const auto v4 = ipv4_address::parse(s.substr(i));
                if (!v4 || count > 6) return std::nullopt;
                groups[count++] = static_cast<std::uint16_t>(v4->octets[0] << 8 | v4->octets[1]);
                groups[count++] = static_cast<std::uint16_t>(v4->octets[2] << 8 | v4->octets[3]);
                i = s.size();
                break;
            }
            unsigned v = 0;
            std::size_t digits = 0;
            while (i < s.size() && detail::hex_digit(s[i]) >= 0) {
                v = v * 16 + static_cast<unsigned>(detail::hex_digit(s[i]));
                if (++digits > 4) return std::nullopt;
                ++i;
            }
            if (digits == 0) return std::nullopt;
            groups[count++] = static_cast<std::uint16_t>(v);
            if (i == s.size()) break;
            if (s[i] != ':') return std::nullopt;
            ++i;
            if (i < s.size() && s[i] == ':') {
                if (gap != 8 || count == 8) return std::nullopt;  // one "::", standing for at least one group
                gap = count;
                ++i;
            } else if (i == s.size()) {
                return std::nullopt;  // trailing single ':'
            }
        }
        if (gap == 8 && count != 8) return std::nullopt;
        if (gap != 8 && count == 8) return std::nullopt;
        ipv6_address a;
        const std::size_t tail = count - gap;
        for (std::size_t g = 0; g < 8; ++g) {
            std::uint16_t v = 0;
            if (g < gap) v = groups[g];
            else if (g >= 8 - tail) v = groups[gap + (g - (8 - tail))];
            a.octets[g * 2] = static_cast<std::uint8_t>(v >> 8);
            a.octets[g * 2 + 1] = static_cast<std::uint8_t>(v);
        }
        return a;
    }

    // RFC 5952 canonical text: lowercase, longest run (>= 2) of zero groups as "::".
    std::string to_string() const {
        std::array<unsigned, 8> g{};
        for (std::size_t i = 0; i < 8; ++i) g[i] = static_cast<unsigned>(octets[i * 2] << 8 | octets[i * 2 + 1]);
        std::size_t best = 8, best_len = 0;
        for (std::size_t i = 0; i < 8;) {
            if (g[i] != 0) { ++i; continue; }
            std::size_t j = i;
            while (j < 8 && g[j] == 0) ++j;
            if (j - i > best_len && j - i >= 2) { best = i; best_len = j - i; }
            i = j;
        }
        std::string s;
        for (std::size_t i = 0; i < 8; ++i) {
            if (i == best) {
                s += "::";
                i += best_len - 1;
                continue;
            }
            if (!s.empty() && s.back() != ':') s += ':';
            bool started = false;
            for (int shift = 12; shift >= 0; shift -= 4) {
                const unsigned d = (g[i] >> shift) & 0xf;
                if (d || started || shift == 0) { s += detail::hex_char(d); started = true; }
            }
        }
        return s;
    }

private:
    static consteval ipv6_address must(std::optional<ipv6_address> a) {
        if (!a) throw "invalid IPv6 address text";
        return *a;
    }
};

}  // namespace wirecraft
