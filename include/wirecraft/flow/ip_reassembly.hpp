// IPv4 (RFC 791) and IPv6 (RFC 8200 section 4.5) fragment reassembly with hard bounds.
//
//   wc::ip_reassembler r;                               // limits: reassembly_limits{}
//   auto out = r.add(packet_bytes, now);                // an IPv4 or IPv6 packet
//   switch (out.status) {
//       case wc::reassembly_status::not_fragmented: use(packet_bytes); break;
//       case wc::reassembly_status::complete: use(out.datagram); break;   // the whole packet
//       case wc::reassembly_status::incomplete: break;                    // kept, waiting
//       case wc::reassembly_status::dropped: log(to_string(*out.problem)); break;
//   }
//
// Fragments are keyed by (source, destination, protocol, identification) for IPv4 and by
// (source, destination, identification) for IPv6. They may come in any order.
//
// The overlap policy is RFC 5722's, which Linux also applies to IPv4 since 4.19: an exact
// duplicate of a fragment already held is ignored; any other overlap discards the whole
// datagram, and the fragments of that datagram still to come, until its timeout.
//
// A datagram is dropped with a precise error when it breaks a limit:
// - its size over 65,535 bytes, or over `max_datagram_size`;
// - more fragments than `max_fragments`;
// - memory over `max_memory` across all datagrams;
// - more datagrams in progress than `max_datagrams`.
// A datagram not complete `timeout` after its first fragment is dropped too.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "../checksum/internet.hpp"
#include "../proto/ipv4.hpp"
#include "../proto/ipv6.hpp"
#include "time.hpp"

namespace wirecraft {

struct reassembly_limits {
    std::size_t max_datagram_size = 65535;      // as the length field counts it: IPv4's total length, IPv6's payload length
    std::size_t max_fragments = 64;             // per datagram
    std::size_t max_memory = 4 * 1024 * 1024;   // bytes held over all datagrams (Linux: ipfrag_high_thresh)
    std::size_t max_datagrams = 1024;           // in progress at once
    flow_time timeout = std::chrono::seconds(30);  // from the first fragment (Linux: ipfrag_time; RFC 8200 says 60 s)
};

enum class reassembly_status : std::uint8_t {
    not_fragmented,  // a whole packet: use it as it is
    incomplete,      // a fragment, kept until the rest arrives
    complete,        // the last missing fragment: `datagram` is the whole packet
    dropped,         // the fragment (and perhaps its datagram) was discarded: `problem` says why
};

struct reassembly_result {
    reassembly_status status = reassembly_status::not_fragmented;
    std::vector<std::byte> datagram{};  // complete: the reassembled packet, its header fixed up
    std::optional<error> problem{};     // dropped: what was wrong, in which field, at which offset
};

struct reassembly_counters {
    std::size_t completed = 0;
    std::size_t duplicates = 0;
    std::size_t overlaps = 0;     // datagrams discarded for an overlap
    std::size_t malformed = 0;    // fragments that break the format's rules
    std::size_t over_limit = 0;   // datagrams dropped for a limit
    std::size_t timed_out = 0;    // datagrams that did not complete in time
};

class ip_reassembler {
public:
    explicit ip_reassembler(reassembly_limits limits = {}) : limits_(limits) {}

    // One IPv4 or IPv6 packet (from its IP header on), received at `now`.
    reassembly_result add(std::span<const std::byte> packet, flow_time now) {
        expire(now);
        if (packet.empty()) return drop_fragment(error{error_kind::truncated, "ip", "version", 0, 1, 0});
        const unsigned version = std::to_integer<unsigned>(packet[0]) >> 4;
        auto f = version == 6 ? ipv6_fragment_of(packet) : ipv4_fragment_of(packet);
        if (!f) return drop_fragment(f.error());
        if (!f->fragmented) return {};
        return insert(*f, now);
    }

    // Drops the datagrams whose time is up; returns how many.
    std::size_t expire(flow_time now) {
        const std::size_t before = datagrams_.size();
        std::erase_if(datagrams_, [&](const datagram& d) {
            if (now - d.started < limits_.timeout) return false;
            if (!d.discarded) ++counters_.timed_out;
            memory_ -= d.memory();
            return true;
        });
        return before - datagrams_.size();
    }

    std::size_t memory() const { return memory_; }              // bytes held now
    std::size_t in_progress() const { return datagrams_.size(); }
    const reassembly_counters& counters() const { return counters_; }
    const reassembly_limits& limits() const { return limits_; }

private:
    struct key {
        std::uint8_t version = 0;
        std::uint8_t protocol = 0;  // IPv4 only: IPv6's next header is not part of the key
        std::uint32_t identification = 0;
        std::array<std::byte, 16> source{};
        std::array<std::byte, 16> destination{};
        bool operator==(const key&) const = default;
    };
    struct range {
        std::uint32_t begin, end;
    };
    // What one packet says about its fragment.
    struct fragment {
        bool fragmented = false;
        key id{};
        std::uint32_t offset = 0;  // in bytes, into the fragmentable part
        bool more = false;
        std::span<const std::byte> data{};
        std::span<const std::byte> headers{};  // the per-fragment headers (IPv4 header; IPv6 header + extensions before the fragment header)
        std::size_t next_header_at = 0;         // IPv6: where the byte naming the fragment header is, in `headers`
        std::uint8_t next_header = 0;           // IPv6: what the fragment header says follows
        std::size_t offset_field_at = 0;        // for errors: the byte offset of the fragment offset field
        std::string_view protocol{};
    };
    struct datagram {
        key id{};
        flow_time started{};
        std::vector<std::byte> data{};       // the fragmentable part, as far as it has arrived
        std::vector<range> ranges{};          // what has arrived, sorted and disjoint
        std::vector<std::byte> headers{};     // of the fragment at offset 0
        std::size_t next_header_at = 0;
        std::uint8_t next_header = 0;
        std::optional<std::uint32_t> total{};  // known once the last fragment came
        bool discarded = false;               // RFC 5722: later fragments are dropped too
        std::size_t memory() const {
            return data.capacity() + headers.capacity() + ranges.capacity() * sizeof(range) + sizeof(datagram);
        }
    };

    template <class Address>
    static void copy_address(const Address& a, std::array<std::byte, 16>& out) {
        for (std::size_t i = 0; i < Address::size; ++i) out[i] = static_cast<std::byte>(a.octets[i]);
    }

    static result<fragment> ipv4_fragment_of(std::span<const std::byte> packet) {
        auto ip = parse<ipv4>(packet);
        if (!ip) return ip.error();
        fragment f;
        f.protocol = "ipv4";
        f.more = ip->get<"more_fragments">();
        f.offset = static_cast<std::uint32_t>(ip->get<"fragment_offset">()) * 8;
        f.fragmented = f.more || f.offset != 0;
        const auto header_length = static_cast<std::size_t>(ip->get<"header_length">()) * 4;
        f.headers = packet.first(header_length);
        f.data = ip->payload();
        f.id.version = 4;
        f.id.protocol = static_cast<std::uint8_t>(ip->get<"protocol">());
        f.id.identification = ip->get<"identification">();
        copy_address(ip->get<"source">(), f.id.source);
        copy_address(ip->get<"destination">(), f.id.destination);
        f.offset_field_at = 6;
        return f;
    }

    // IPv6: the fragment header follows the hop-by-hop, routing and destination options headers
    // (RFC 8200 section 4.1); the walk stops at the first other header.
    static result<fragment> ipv6_fragment_of(std::span<const std::byte> packet) {
        auto ip = parse<ipv6>(packet);
        if (!ip) return ip.error();
        const std::size_t end = 40 + static_cast<std::size_t>(ip->get<"payload_length">());
        const auto bytes = packet.first(std::min(end, packet.size()));
        std::uint8_t next = static_cast<std::uint8_t>(ip->get<"next_header">());
        std::size_t at = 40, next_at = 6;
        fragment f;
        f.protocol = "ipv6";
        for (int hops = 0; next == 0 || next == 43 || next == 60; ++hops) {
            if (at + 2 > bytes.size()) return error{error_kind::truncated, "ipv6", "extension header", at, 2, bytes.size() - at};
            const std::size_t length = (std::to_integer<std::size_t>(bytes[at + 1]) + 1) * 8;
            if (at + length > bytes.size()) return error{error_kind::truncated, "ipv6", "extension header", at, length, bytes.size() - at};
            if (hops == 8) return error{error_kind::limit_exceeded, "ipv6", "extension header", at, 9, 8};
            next = std::to_integer<std::uint8_t>(bytes[at]);
            next_at = at;
            at += length;
        }
        if (next != 44) return f;  // no fragment header: not fragmented
        if (at + 8 > bytes.size()) return error{error_kind::truncated, "ipv6_fragment", "", at, 8, bytes.size() - at};
        auto frag = parse<ipv6_fragment>(bytes.subspan(at, 8));
        if (!frag) return frag.error().shifted(at);
        f.fragmented = true;  // even an atomic fragment (offset 0, M 0: RFC 6946) is reassembled, alone
        f.more = frag->get<"more_fragments">();
        f.offset = static_cast<std::uint32_t>(frag->get<"fragment_offset">()) * 8;
        f.headers = bytes.first(at);
        f.next_header_at = next_at;
        f.next_header = static_cast<std::uint8_t>(frag->get<"next_header">());
        f.data = bytes.subspan(at + 8);
        f.id.version = 6;
        f.id.identification = frag->get<"identification">();
        copy_address(ip->get<"source">(), f.id.source);
        copy_address(ip->get<"destination">(), f.id.destination);
        f.offset_field_at = at + 2;
        return f;
    }

    reassembly_result drop_fragment(error e) {
        ++counters_.malformed;
        return {reassembly_status::dropped, {}, e};
    }
    error fragment_error(const fragment& f, error_kind kind, std::uint64_t found, std::uint64_t limit, std::string_view detail) const {
        return error{kind, f.protocol, "fragment_offset", f.offset_field_at, found, limit, detail};
    }
    // Frees a datagram's bytes but keeps its key until its timeout, so that the fragments still
    // to come are dropped too (RFC 5722).
    void discard(datagram& d) {
        memory_ -= d.memory();
        d.discarded = true;
        d.data = {};
        d.ranges = {};
        d.headers = {};
        memory_ += d.memory();
    }

    reassembly_result insert(const fragment& f, flow_time now) {
        const std::uint32_t end = f.offset + static_cast<std::uint32_t>(f.data.size());
        // Rules that need no datagram: sizes (RFC 791 and RFC 8200 4.5).
        // IPv4's total length counts its header; IPv6's payload length does not count the 40 bytes.
        const std::size_t length = f.headers.size() + end - (f.id.version == 6 ? 40 : 0);
        const std::size_t limit = std::min<std::size_t>(limits_.max_datagram_size, 65535);
        if (length > limit) {
            ++counters_.over_limit;
            return {reassembly_status::dropped, {},
                    fragment_error(f, error_kind::limit_exceeded, length, limit,
                                   f.id.version == 6 ? "reassembled payload length" : "reassembled total length")};
        }
        if (f.more && (f.data.empty() || f.data.size() % 8 != 0))
            return drop_fragment(fragment_error(f, error_kind::malformed, f.data.size(), 8,
                                                "a fragment with more to follow must carry a non-zero multiple of 8 bytes"));

        auto it = std::find_if(datagrams_.begin(), datagrams_.end(), [&](const datagram& d) { return d.id == f.id; });
        if (it == datagrams_.end()) {
            if (datagrams_.size() >= limits_.max_datagrams) {
                ++counters_.over_limit;
                return {reassembly_status::dropped, {},
                        fragment_error(f, error_kind::limit_exceeded, datagrams_.size() + 1, limits_.max_datagrams, "datagrams in progress")};
            }
            datagrams_.push_back(datagram{.id = f.id, .started = now});
            memory_ += datagrams_.back().memory();
            it = datagrams_.end() - 1;
        }
        datagram& d = *it;
        if (d.discarded) {
            return {reassembly_status::dropped, {},
                    fragment_error(f, error_kind::malformed, f.offset, 0, "its datagram was discarded for an overlap (RFC 5722)")};
        }
        // The end: one last fragment, and no data beyond it.
        if (!f.more) {
            if ((d.total && *d.total != end) || (!d.ranges.empty() && d.ranges.back().end > end)) {
                const auto e = fragment_error(f, error_kind::length_inconsistent, end, d.total.value_or(d.ranges.back().end),
                                              "the last fragment ends where data already reached, at");
                remove(it);
                ++counters_.malformed;
                return {reassembly_status::dropped, {}, e};
            }
        } else if (d.total && end > *d.total) {
            const auto e = fragment_error(f, error_kind::length_inconsistent, end, *d.total, "a fragment ends after the last fragment's end,");
            remove(it);
            ++counters_.malformed;
            return {reassembly_status::dropped, {}, e};
        }
        // Overlaps: an exact duplicate is ignored; anything else discards the datagram.
        for (const range& r : d.ranges) {
            if (r.end <= f.offset || end <= r.begin) continue;
            if (r.begin == f.offset && r.end == end &&
                std::equal(f.data.begin(), f.data.end(), d.data.begin() + static_cast<std::ptrdiff_t>(r.begin))) {
                ++counters_.duplicates;
                return {reassembly_status::incomplete, {}, {}};
            }
            ++counters_.overlaps;
            discard(d);
            return {reassembly_status::dropped, {},
                    fragment_error(f, error_kind::malformed, f.offset, r.begin, "overlaps a fragment already received (RFC 5722)")};
        }
        if (d.ranges.size() >= limits_.max_fragments) {
            ++counters_.over_limit;
            const auto e = fragment_error(f, error_kind::limit_exceeded, d.ranges.size() + 1, limits_.max_fragments, "fragments per datagram");
            remove(it);
            return {reassembly_status::dropped, {}, e};
        }
        // Keep it, counting every byte held against the limit.
        memory_ -= d.memory();
        if (d.data.size() < end) {
            if (!f.more) d.data.reserve(end);  // the final size is known: one allocation
            d.data.resize(end);
        }
        std::copy(f.data.begin(), f.data.end(), d.data.begin() + static_cast<std::ptrdiff_t>(f.offset));
        d.ranges.insert(std::upper_bound(d.ranges.begin(), d.ranges.end(), f.offset, [](std::uint32_t o, const range& r) { return o < r.begin; }),
                        range{f.offset, end});
        if (!f.more) d.total = end;
        if (f.offset == 0) {
            d.headers.assign(f.headers.begin(), f.headers.end());
            d.next_header_at = f.next_header_at;
            d.next_header = f.next_header;
        }
        memory_ += d.memory();
        // The datagram is built on the first fragment's headers, which may be longer than this
        // fragment's: check the whole once both ends are known.
        if (d.total && !d.headers.empty()) {
            const std::size_t whole = d.headers.size() + *d.total - (f.id.version == 6 ? 40 : 0);
            if (whole > limit) {
                ++counters_.over_limit;
                const auto e = fragment_error(f, error_kind::limit_exceeded, whole, limit,
                                              f.id.version == 6 ? "reassembled payload length" : "reassembled total length");
                remove(it);
                return {reassembly_status::dropped, {}, e};
            }
        }
        if (memory_ > limits_.max_memory) {
            ++counters_.over_limit;
            const auto e = fragment_error(f, error_kind::limit_exceeded, memory_, limits_.max_memory, "reassembly memory in bytes");
            remove(it);
            return {reassembly_status::dropped, {}, e};
        }
        if (!complete(d)) return {reassembly_status::incomplete, {}, {}};
        reassembly_result out{reassembly_status::complete, assemble(d), {}};
        ++counters_.completed;
        remove(it);
        return out;
    }

    static bool complete(const datagram& d) {
        if (!d.total || d.headers.empty()) return false;
        std::uint32_t reached = 0;
        for (const range& r : d.ranges) {
            if (r.begin != reached) return false;
            reached = r.end;
        }
        return reached == *d.total;
    }

    // The first fragment's headers, told that the datagram is whole, then the data.
    static std::vector<std::byte> assemble(const datagram& d) {
        std::vector<std::byte> out;
        out.reserve(d.headers.size() + d.data.size());
        out.assign(d.headers.begin(), d.headers.end());
        out.insert(out.end(), d.data.begin(), d.data.end());
        const auto put16 = [&](std::size_t at, std::size_t v) { detail::store_be(out.data() + at, 2, v); };
        if (d.id.version == 4) {
            put16(2, out.size());                                           // total length
            out[6] &= std::byte{0xc0};                                      // MF and the offset cleared; DF kept
            out[7] = std::byte{0};
            put16(10, 0);
            put16(10, internet_checksum(std::span<const std::byte>(out).first(d.headers.size())));
        } else {
            put16(4, out.size() - 40);                                      // payload length
            out[d.next_header_at] = static_cast<std::byte>(d.next_header);  // the fragment header is gone
        }
        return out;
    }

    void remove(std::vector<datagram>::iterator it) {
        memory_ -= it->memory();
        datagrams_.erase(it);
    }

    reassembly_limits limits_;
    std::vector<datagram> datagrams_{};
    std::size_t memory_ = 0;
    reassembly_counters counters_{};
};

}  // namespace wirecraft
