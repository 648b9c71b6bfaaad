// Capture files: classic pcap (both byte orders, micro- and nanosecond timestamps) read and
// written, pcapng read (SHB, IDB, EPB, SPB; other blocks skipped). The reader works over the
// file's bytes in memory and hands out zero-copy packet spans. Corrupt or truncated files
// produce an error with the file offset, never a crash or an unbounded allocation.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../schema/byte_io.hpp"
#include "../schema/result.hpp"

namespace wirecraft {

enum class link_type : std::uint16_t {
    null = 0, ethernet = 1, raw = 101, linux_sll = 113, ipv4 = 228, ipv6 = 229, linux_sll2 = 276,
};

struct capture_packet {
    std::uint64_t timestamp_ns = 0;
    std::uint32_t original_length = 0;
    link_type link{};
    std::span<const std::byte> data{};
    std::size_t file_offset = 0;  // where the packet's record or block starts
};

// Captured packets larger than this are rejected as corrupt (libpcap's own ceiling is 256 KiB).
inline constexpr std::uint32_t max_packet_size = 256 * 1024;

// A pcapng interface's timestamp unit: 10^-exponent or 2^-exponent seconds.
struct timestamp_resolution {
    bool binary = false;
    unsigned exponent = 6;
};

namespace detail {
// floor(a * b / c) for a < c, exactly, without a 128-bit type (which ISO C++ lacks).
constexpr std::uint64_t mul_div(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    // 128-bit product by 32-bit halves, then restoring division one bit at a time.
    const std::uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32, b_lo = b & 0xffffffffu, b_hi = b >> 32;
    const std::uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
    const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + (lo_hi & 0xffffffffu);
    std::uint64_t high = hi_hi + (hi_lo >> 32) + (lo_hi >> 32) + (cross >> 32);
    std::uint64_t low = (cross << 32) | (lo_lo & 0xffffffffu);
    std::uint64_t quotient = 0, remainder = high;  // high < c since a < c
    for (int bit = 63; bit >= 0; --bit) {
        const bool carry = remainder >> 63;
        remainder = (remainder << 1) | ((low >> bit) & 1);
        quotient <<= 1;
        if (carry || remainder >= c) {
            remainder -= c;
            quotient |= 1;
        }
    }
    return quotient;
}
}  // namespace detail

// Nanoseconds since the epoch for `ticks` in resolution `r`, exact (truncated below 1 ns);
// nullopt when the result does not fit 64 bits.
constexpr std::optional<std::uint64_t> to_ns(std::uint64_t ticks, timestamp_resolution r) {
    constexpr std::uint64_t billion = 1'000'000'000;
    if (!r.binary && r.exponent <= 9) {
        std::uint64_t scale = 1;
        for (unsigned k = r.exponent; k < 9; ++k) scale *= 10;
        if (ticks > ~std::uint64_t{0} / scale) return std::nullopt;
        return ticks * scale;
    }
    std::uint64_t units = 1;  // ticks per second
    if (r.binary) units <<= r.exponent;
    else for (unsigned k = 0; k < r.exponent; ++k) units *= 10;
    const std::uint64_t seconds = ticks / units, fraction = ticks % units;
    if (seconds > (~std::uint64_t{0} - billion) / billion) return std::nullopt;
    return seconds * billion + detail::mul_div(fraction, billion, units);
}

class capture_reader {
public:
    enum class format : std::uint8_t { pcap, pcapng };

    static constexpr result<capture_reader> open(std::span<const std::byte> file) {
        capture_reader r;
        r.file_ = file;
        if (file.size() < 4) return r.fail(error_kind::truncated, "magic", 0, 4);
        const auto magic = detail::load_be(file.data(), 4);
        if (magic == 0x0A0D0D0A) {
            r.format_ = format::pcapng;
            return r;  // the section header is read by next()
        }
        r.format_ = format::pcap;
        switch (magic) {
            case 0xa1b2c3d4: r.little_ = false; r.ns_ = false; break;
            case 0xd4c3b2a1: r.little_ = true; r.ns_ = false; break;
            case 0xa1b23c4d: r.little_ = false; r.ns_ = true; break;
            case 0x4d3cb2a1: r.little_ = true; r.ns_ = true; break;
            default: return error{error_kind::bad_constant, "pcap", "magic", 0, magic, 0xa1b2c3d4, "not a pcap or pcapng file"};
        }
        if (file.size() < 24) return r.fail(error_kind::truncated, "header", 0, 24);
        r.snaplen_ = r.u32(16);
        r.pcap_link_ = static_cast<link_type>(r.u32(20) & 0xffff);
        r.pos_ = 24;
        return r;
    }

    // The next packet, nullopt at the end of the file, or an error where the file is corrupt.
    constexpr result<std::optional<capture_packet>> next() {
        if (format_ == format::pcap) return next_pcap();
        return next_pcapng();
    }

    constexpr format file_format() const { return format_; }
    constexpr bool nanosecond() const { return ns_; }
    constexpr link_type pcap_link() const { return pcap_link_; }

private:
    constexpr std::uint64_t u(std::size_t at, std::size_t n) const {
        return little_ ? detail::load_le(file_.data() + at, n) : detail::load_be(file_.data() + at, n);
    }
    constexpr std::uint32_t u32(std::size_t at) const { return static_cast<std::uint32_t>(u(at, 4)); }
    constexpr std::uint16_t u16(std::size_t at) const { return static_cast<std::uint16_t>(u(at, 2)); }
    constexpr error fail(error_kind kind, std::string_view field, std::size_t at, std::size_t needed) const {
        return error{kind, format_ == format::pcap ? "pcap" : "pcapng", field, at, needed, file_.size() - at};
    }

    constexpr result<std::optional<capture_packet>> next_pcap() {
        if (pos_ == file_.size()) return std::optional<capture_packet>{};
        if (file_.size() - pos_ < 16) return fail(error_kind::truncated, "record_header", pos_, 16);
        const std::uint32_t seconds = u32(pos_), fraction = u32(pos_ + 4);
        const std::uint32_t captured = u32(pos_ + 8), original = u32(pos_ + 12);
        if (captured > max_packet_size)
            return error{error_kind::limit_exceeded, "pcap", "captured_length", pos_ + 8, captured, max_packet_size};
        if (file_.size() - pos_ - 16 < captured) return fail(error_kind::truncated, "packet_data", pos_ + 16, captured);
        capture_packet p{std::uint64_t{seconds} * 1'000'000'000 + std::uint64_t{fraction} * (ns_ ? 1 : 1000), original,
                         pcap_link_, file_.subspan(pos_ + 16, captured), pos_};
        pos_ += 16 + captured;
        return std::optional<capture_packet>{p};
    }

    constexpr result<std::optional<capture_packet>> next_pcapng() {
        while (pos_ < file_.size()) {
            const std::size_t at = pos_;
            if (file_.size() - at < 12) return fail(error_kind::truncated, "block_header", at, 12);
            const auto type_be = detail::load_be(file_.data() + at, 4);
            if (type_be == 0x0A0D0D0A) {  // section header: its byte-order magic sets the order
                const auto bom = detail::load_be(file_.data() + at + 8, 4);
                if (bom == 0x1A2B3C4D) little_ = false;
                else if (bom == 0x4D3C2B1A) little_ = true;
                else return error{error_kind::bad_constant, "pcapng", "byte_order_magic", at + 8, bom, 0x1A2B3C4D};
                interfaces_count_ = 0;
            }
            const std::uint32_t type = u32(at), length = u32(at + 4);
            if (length < 12 || length % 4 != 0)
                return error{error_kind::length_inconsistent, "pcapng", "block_total_length", at + 4, length, 12, "must be a multiple of 4, at least"};
            if (length > file_.size() - at) return fail(error_kind::truncated, "block", at, length);
            if (u32(at + length - 4) != length)
                return error{error_kind::length_inconsistent, "pcapng", "trailing_total_length", at + length - 4, u32(at + length - 4), length, "must repeat"};
            pos_ = at + length;
            const auto body = file_.subspan(at + 8, length - 12);
            if (type == 1) {  // interface description
                if (body.size() < 8) return fail(error_kind::truncated, "interface_description", at + 8, 8);
                if (interfaces_count_ == interfaces_.size())
                    return error{error_kind::limit_exceeded, "pcapng", "interfaces", at, interfaces_count_ + 1, interfaces_.size()};
                const auto resolution = interface_resolution(at + 16, body.size() - 8);
                if (!resolution) return *resolution.error_if_any;
                interfaces_[interfaces_count_++] = {static_cast<link_type>(u16(at + 8)), resolution.value};
            } else if (type == 6) {  // enhanced packet
                if (body.size() < 20) return fail(error_kind::truncated, "enhanced_packet", at + 8, 20);
                const std::uint32_t iface = u32(at + 8);
                if (interfaces_count_ == 0)
                    return error{error_kind::malformed, "pcapng", "interface_id", at + 8, 0, 0, "no interface described"};
                if (iface >= interfaces_count_)
                    return error{error_kind::out_of_range, "pcapng", "interface_id", at + 8, iface, interfaces_count_ - 1, "maximum"};
                const std::uint64_t ticks = (std::uint64_t{u32(at + 12)} << 32) | u32(at + 16);
                const std::uint32_t captured = u32(at + 20), original = u32(at + 24);
                if (captured > max_packet_size)
                    return error{error_kind::limit_exceeded, "pcapng", "captured_length", at + 20, captured, max_packet_size};
                if (captured > body.size() - 20)
                    return error{error_kind::length_inconsistent, "pcapng", "captured_length", at + 20, captured, body.size() - 20};
                const auto& i = interfaces_[iface];
                const auto ns = to_ns(ticks, i.resolution);
                if (!ns) return error{error_kind::out_of_range, "pcapng", "timestamp", at + 12, ticks, 0, "beyond 2^64 ns"};
                return std::optional<capture_packet>{capture_packet{*ns, original, i.link, file_.subspan(at + 28, captured), at}};
            } else if (type == 3) {  // simple packet: interface 0, no timestamp
                if (body.size() < 4) return fail(error_kind::truncated, "simple_packet", at + 8, 4);
                if (interfaces_count_ == 0) return error{error_kind::malformed, "pcapng", "simple_packet", at, 0, 0, "no interface described"};
                const std::uint32_t original = u32(at + 8);
                std::size_t captured = body.size() - 4;
                if (original < captured) captured = original;
                if (captured > max_packet_size)
                    return error{error_kind::limit_exceeded, "pcapng", "packet_data", at + 12, captured, max_packet_size};
                return std::optional<capture_packet>{capture_packet{0, original, interfaces_[0].link, file_.subspan(at + 12, captured), at}};
            }
            // Other blocks (name resolution, statistics, custom...) carry no packets.
        }
        return std::optional<capture_packet>{};
    }

    // if_tsresol (option 9): ticks per second are 10^n, or 2^n when the top bit is set.
    // Default 10^6. Beyond 10^19 or 2^63 the tick rate does not fit 64 bits: an error.
    struct resolution_or_error {
        timestamp_resolution value{};
        std::optional<error> error_if_any{};
        constexpr bool operator!() const { return error_if_any.has_value(); }
    };
    constexpr resolution_or_error interface_resolution(std::size_t at, std::size_t size) const {
        std::size_t p = 0;
        while (p + 4 <= size) {
            const std::uint16_t code = u16(at + p), len = u16(at + p + 2);
            if (code == 0) break;
            if (code == 9 && len >= 1 && p + 5 <= size) {
                const auto v = std::to_integer<unsigned>(file_[at + p + 4]);
                const timestamp_resolution r{(v & 0x80) != 0, v & 0x7f};
                if (r.exponent > (r.binary ? 63u : 19u))
                    return {{}, error{error_kind::out_of_range, "pcapng", "if_tsresol", at + p + 4, r.exponent,
                                      r.binary ? 63u : 19u, "maximum"}};
                return {r, {}};
            }
            p += 4 + ((len + 3u) & ~3u);
        }
        return {};
    }

    struct interface {
        link_type link{};
        timestamp_resolution resolution{};
    };
    std::span<const std::byte> file_{};
    std::size_t pos_ = 0;
    format format_ = format::pcap;
    bool little_ = false;
    bool ns_ = false;
    std::uint32_t snaplen_ = 0;
    link_type pcap_link_{};
    std::array<interface, 64> interfaces_{};  // a bound: pcapng files in practice have a few
    std::size_t interfaces_count_ = 0;
};

// Classic pcap output (little-endian, as libpcap writes on x86), into memory.
class pcap_writer {
public:
    explicit pcap_writer(link_type link = link_type::ethernet, bool nanosecond = false, std::uint32_t snaplen = 262144)
        : ns_(nanosecond) {
        put(nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, 4);
        put(2, 2);
        put(4, 2);
        put(0, 4);
        put(0, 4);
        put(snaplen, 4);
        put(static_cast<std::uint16_t>(link), 4);
    }
    // Appends a packet. Fails, writing nothing, when the packet exceeds max_packet_size or the
    // timestamp is past what pcap's 32-bit seconds hold (February 2106).
    result<std::size_t> add(std::span<const std::byte> packet, std::uint64_t timestamp_ns = 0,
                            std::optional<std::uint32_t> original_length = {}) {
        if (packet.size() > max_packet_size)
            return error{error_kind::limit_exceeded, "pcap", "captured_length", bytes_.size() + 8, packet.size(), max_packet_size};
        if (timestamp_ns / 1'000'000'000 > 0xffffffffu)
            return error{error_kind::out_of_range, "pcap", "timestamp", bytes_.size(), timestamp_ns / 1'000'000'000, 0xffffffffu, "maximum"};
        const std::size_t start = bytes_.size();
        put(timestamp_ns / 1'000'000'000, 4);
        put(ns_ ? timestamp_ns % 1'000'000'000 : (timestamp_ns % 1'000'000'000) / 1000, 4);
        put(packet.size(), 4);
        put(original_length.value_or(static_cast<std::uint32_t>(packet.size())), 4);
        bytes_.insert(bytes_.end(), packet.begin(), packet.end());
        return bytes_.size() - start;
    }
    const std::vector<std::byte>& bytes() const { return bytes_; }
    bool save(const std::string& path) const {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (!f) return false;
        const bool ok = std::fwrite(bytes_.data(), 1, bytes_.size(), f) == bytes_.size();
        return std::fclose(f) == 0 && ok;
    }

private:
    void put(std::uint64_t v, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i, v >>= 8) bytes_.push_back(static_cast<std::byte>(v & 0xff));
    }
    std::vector<std::byte> bytes_;
    bool ns_;
};

// A whole file in memory; nullopt if it cannot be read.
inline std::optional<std::vector<std::byte>> read_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return std::nullopt;
    std::vector<std::byte> data;
    std::array<std::byte, 65536> chunk;
    std::size_t n;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) data.insert(data.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
    std::fclose(f);
    return data;
}

}  // namespace wirecraft
