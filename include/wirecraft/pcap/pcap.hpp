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
                interfaces_[interfaces_count_++] = {static_cast<link_type>(u16(at + 8)), interface_resolution(at + 16, body.size() - 8)};
            } else if (type == 6) {  // enhanced packet
                if (body.size() < 20) return fail(error_kind::truncated, "enhanced_packet", at + 8, 20);
                const std::uint32_t iface = u32(at + 8);
                if (iface >= interfaces_count_)
                    return error{error_kind::out_of_range, "pcapng", "interface_id", at + 8, iface, interfaces_count_, "maximum"};
                const std::uint64_t ticks = (std::uint64_t{u32(at + 12)} << 32) | u32(at + 16);
                const std::uint32_t captured = u32(at + 20), original = u32(at + 24);
                if (captured > body.size() - 20)
                    return error{error_kind::length_inconsistent, "pcapng", "captured_length", at + 20, captured, body.size() - 20};
                const auto& i = interfaces_[iface];
                return std::optional<capture_packet>{capture_packet{to_ns(ticks, i.units_per_second), original, i.link,
                                                                    file_.subspan(at + 28, captured), at}};
            } else if (type == 3) {  // simple packet: interface 0, no timestamp
                if (body.size() < 4) return fail(error_kind::truncated, "simple_packet", at + 8, 4);
                if (interfaces_count_ == 0) return error{error_kind::malformed, "pcapng", "simple_packet", at, 0, 0, "no interface described"};
                const std::uint32_t original = u32(at + 8);
                std::size_t captured = body.size() - 4;
                if (original < captured) captured = original;
                return std::optional<capture_packet>{capture_packet{0, original, interfaces_[0].link, file_.subspan(at + 12, captured), at}};
            }
            // Other blocks (name resolution, statistics, custom...) carry no packets.
        }
        return std::optional<capture_packet>{};
    }

    // if_tsresol (option 9): a power of ten, or of two when the top bit is set. Default 10^-6.
    constexpr std::uint64_t interface_resolution(std::size_t at, std::size_t size) const {
        std::size_t p = 0;
        while (p + 4 <= size) {
            const std::uint16_t code = u16(at + p), len = u16(at + p + 2);
            if (code == 0) break;
            if (code == 9 && len >= 1 && p + 5 <= size) {
                const auto v = std::to_integer<unsigned>(file_[at + p + 4]);
                std::uint64_t units = 1;
                if (v & 0x80) { if ((v & 0x7f) < 63) units <<= (v & 0x7f); }
                else for (unsigned k = 0; k < v && k < 19; ++k) units *= 10;
                return units;
            }
            p += 4 + ((len + 3u) & ~3u);
        }
        return 1'000'000;
    }
    static constexpr std::uint64_t to_ns(std::uint64_t ticks, std::uint64_t units_per_second) {
        if (units_per_second == 1'000'000'000) return ticks;
        if (units_per_second < 1'000'000'000) return ticks * (1'000'000'000 / units_per_second);
        return ticks / (units_per_second / 1'000'000'000);
    }

    struct interface {
        link_type link{};
        std::uint64_t units_per_second = 1'000'000;
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
    void add(std::span<const std::byte> packet, std::uint64_t timestamp_ns = 0, std::optional<std::uint32_t> original_length = {}) {
        put(timestamp_ns / 1'000'000'000, 4);
        put(ns_ ? timestamp_ns % 1'000'000'000 : (timestamp_ns % 1'000'000'000) / 1000, 4);
        put(packet.size(), 4);
        put(original_length.value_or(static_cast<std::uint32_t>(packet.size())), 4);
        bytes_.insert(bytes_.end(), packet.begin(), packet.end());
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
