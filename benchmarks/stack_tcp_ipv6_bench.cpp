// Eth/IPv4/TCP with options and Eth/IPv6/UDP: parse, dissect and craft, each by wirecraft, by a
// hand-written codec and by libtins, in one binary on the same real frames:
//
//   - tcpdump/dns_tcp.pcap #1: a 74-byte SYN with MSS, SACK-permitted, timestamps, NOP, window scale;
//   - pcapplusplus/Dns.pcap #2: a 171-byte mDNS query over Eth/IPv6/UDP.
//
// parse:   the known stack, layer by layer, every length checked, the same fields read into a sink
//          (for TCP also the MSS, window scale, SACK-permitted and timestamp options);
// dissect: the stack not known in advance: each next layer picked from the frame (EtherType, IP
//          protocol, IPv6 next header), each layer validated, its header size and ports summed;
// craft:   the frame built again from its field values, lengths and checksums computed, into a
//          caller's buffer (libtins: its PDU chain and a new vector, its API). Each variant's
//          bytes are compared once with the capture's before timing: a mismatch is an error.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include <wirecraft/wirecraft.hpp>

#include "bench_support.hpp"
#include "handwritten.hpp"

#ifdef WIRECRAFT_BENCH_LIBTINS
#include <tins/tins.h>
#endif

namespace wc = wirecraft;

namespace {

const std::vector<std::byte>& tcp_frame() {
    static const auto frame = wcbench::capture_bytes("tcpdump/dns_tcp.pcap", 1, 0);
    return frame;
}
const std::vector<std::byte>& ipv6_frame() {
    static const auto frame = wcbench::capture_bytes("pcapplusplus/Dns.pcap", 2, 0);
    return frame;
}
const std::uint8_t* raw(const std::vector<std::byte>& v) { return reinterpret_cast<const std::uint8_t*>(v.data()); }

bool equal_to(std::span<const std::byte> bytes, const std::vector<std::byte>& expected) {
    return bytes.size() == expected.size() && std::memcmp(bytes.data(), expected.data(), bytes.size()) == 0;
}
bool same(const wc::result<std::vector<std::byte>>& bytes, const std::vector<std::byte>& expected) {
    return bytes && equal_to(*bytes, expected);
}

// The SYN's field values, as tshark decodes tcpdump/dns_tcp.pcap #1.
constexpr wc::mac_address syn_destination{"00:11:22:33:44:66"}, syn_source{"00:11:22:33:44:55"};
constexpr wc::ipv4_address syn_client{"192.168.1.11"}, syn_server{"209.87.249.18"};
constexpr std::uint32_t syn_sequence = 603899916, syn_tsval = 2044906138;

// The mDNS query's, as tshark decodes pcapplusplus/Dns.pcap #2; its 109-byte DNS message is
// carried as payload.
constexpr wc::mac_address mdns_destination{"33:33:00:00:00:fb"}, mdns_source{"58:1f:aa:4f:3f:9d"};
constexpr wc::ipv6_address mdns_source_ip{"fe80::5a1f:aaff:fe4f:3f9d"}, mdns_group{"ff02::fb"};
std::span<const std::byte> mdns_message() { return std::span<const std::byte>(ipv6_frame()).subspan(14 + 40 + 8); }

// ---- parse ----

struct tcp_sink {
    std::uint32_t sum = 0;
    void add(std::uint32_t v) { sum += v; }
};

void BM_parse_tcp_wirecraft(benchmark::State& state) {
    const auto& frame = tcp_frame();
    for (auto _ : state) {
        auto eth = wc::parse<wc::ethernet>(frame);
        if (!eth || eth->get<"type">() != wc::ethertype::ipv4) { state.SkipWithError("eth"); break; }
        auto ip = wc::parse<wc::ipv4>(eth->payload());
        if (!ip || ip->get<"protocol">() != wc::ip_protocol::tcp) { state.SkipWithError("ip"); break; }
        auto tcp = wc::parse<wc::tcp>(ip->payload());
        if (!tcp) { state.SkipWithError("tcp"); break; }
        tcp_sink sink;
        sink.add(ip->get<"ttl">() + ip->get<"identification">() + ip->get<"source">().octets[3] + ip->get<"destination">().octets[3]);
        sink.add(tcp->get<"source_port">() + tcp->get<"destination_port">() + tcp->get<"sequence_number">() +
                 tcp->get<"acknowledgment_number">() + tcp->get<"syn">() + tcp->get<"ack">() + tcp->get<"window">());
        const auto options = tcp->get<"options">();
        for (auto option : options) {
            switch (option.kind) {
                case wc::tcp_option_kind::maximum_segment_size:
                    if (auto mss = wc::parse<wc::tcp_mss_option>(option.data)) sink.add(mss->get<"value">());
                    break;
                case wc::tcp_option_kind::window_scale:
                    if (auto scale = wc::parse<wc::tcp_window_scale_option>(option.data)) sink.add(scale->get<"shift">());
                    break;
                case wc::tcp_option_kind::sack_permitted: sink.add(1); break;
                case wc::tcp_option_kind::timestamps:
                    if (auto ts = wc::parse<wc::tcp_timestamps_option>(option.data)) sink.add(ts->get<"value">() + ts->get<"echo_reply">());
                    break;
                default: break;
            }
        }
        sink.add(static_cast<std::uint32_t>(tcp->payload().size()));
        benchmark::DoNotOptimize(sink.sum);
    }
}

// The options walk of RFC 9293 3.1: EOL ends it, NOP is one byte, every other kind has a length
// of at least 2 that must fit.
bool hand_tcp_options(const std::uint8_t* p, std::size_t n, tcp_sink& sink) {
    for (std::size_t i = 0; i < n;) {
        const std::uint8_t kind = p[i];
        if (kind == 0) break;
        if (kind == 1) { ++i; continue; }
        if (i + 2 > n || p[i + 1] < 2 || i + p[i + 1] > n) return false;
        const std::uint8_t length = p[i + 1];
        if (kind == 2 && length == 4) sink.add(hand::load16(p + i + 2));
        if (kind == 3 && length == 3) sink.add(p[i + 2]);
        if (kind == 4 && length == 2) sink.add(1);
        if (kind == 8 && length == 10) sink.add(hand::load32(p + i + 2) + hand::load32(p + i + 6));
        i += length;
    }
    return true;
}

void BM_parse_tcp_handwritten(benchmark::State& state) {
    const auto& frame = tcp_frame();
    for (auto _ : state) {
        hand::ip_fields f;
        if (!hand::parse_eth_ipv4(raw(frame), frame.size(), f) || f.protocol != 6) { state.SkipWithError("ip"); break; }
        if (f.l4_size < 20) { state.SkipWithError("tcp"); break; }
        const std::uint8_t* t = f.l4;
        const std::size_t header = (t[12] >> 4) * 4u;
        if (header < 20 || header > f.l4_size) { state.SkipWithError("tcp data offset"); break; }
        tcp_sink sink;
        sink.add(f.ttl + f.identification + (f.source & 0xff) + (f.destination & 0xff));
        sink.add(hand::load16(t) + hand::load16(t + 2) + hand::load32(t + 4) + hand::load32(t + 8) + ((t[13] >> 1) & 1) +
                 ((t[13] >> 4) & 1) + hand::load16(t + 14));
        if (!hand_tcp_options(t + 20, header - 20, sink)) { state.SkipWithError("tcp options"); break; }
        sink.add(static_cast<std::uint32_t>(f.l4_size - header));
        benchmark::DoNotOptimize(sink.sum);
    }
}

void BM_parse_ipv6_udp_wirecraft(benchmark::State& state) {
    const auto& frame = ipv6_frame();
    for (auto _ : state) {
        auto eth = wc::parse<wc::ethernet>(frame);
        if (!eth || eth->get<"type">() != wc::ethertype::ipv6) { state.SkipWithError("eth"); break; }
        auto ip = wc::parse<wc::ipv6>(eth->payload());
        if (!ip || ip->get<"next_header">() != wc::ip_protocol::udp) { state.SkipWithError("ipv6"); break; }
        auto udp = wc::parse<wc::udp>(ip->payload());
        if (!udp) { state.SkipWithError("udp"); break; }
        benchmark::DoNotOptimize(ip->get<"hop_limit">() + ip->get<"flow_label">() + ip->get<"source">().octets[15] +
                                 ip->get<"destination">().octets[15] + udp->get<"source_port">() + udp->get<"destination_port">() +
                                 udp->payload().size());
    }
}

void BM_parse_ipv6_udp_handwritten(benchmark::State& state) {
    const auto& frame = ipv6_frame();
    for (auto _ : state) {
        const std::uint8_t* p = raw(frame);
        std::size_t n = frame.size();
        if (n < 14 || hand::load16(p + 12) != 0x86dd) { state.SkipWithError("eth"); break; }
        p += 14;
        n -= 14;
        if (n < 40 || (p[0] >> 4) != 6) { state.SkipWithError("ipv6"); break; }
        const std::size_t payload_length = hand::load16(p + 4);
        if (payload_length > n - 40 || p[6] != 17) { state.SkipWithError("ipv6 length"); break; }
        const std::uint32_t flow_label = hand::load32(p) & 0xfffff;
        const std::uint8_t* u = p + 40;
        if (payload_length < 8) { state.SkipWithError("udp"); break; }
        const std::uint16_t length = hand::load16(u + 4);
        if (length < 8 || length > payload_length) { state.SkipWithError("udp length"); break; }
        benchmark::DoNotOptimize(p[7] + flow_label + p[8 + 15] + p[24 + 15] + hand::load16(u) + hand::load16(u + 2) + (length - 8u));
    }
}

// ---- dissect: the stack is not known in advance ----

struct dissect_sink {
    std::size_t layers = 0, sum = 0;
};

struct wirecraft_dissect_visitor {
    dissect_sink& sink;
    template <class View>
    void operator()(const View& layer) {
        using P = typename View::protocol_type;
        ++sink.layers;
        sink.sum += layer.header_size();
        if constexpr (std::is_same_v<P, wc::tcp> || std::is_same_v<P, wc::udp>)
            sink.sum += layer.template get<"source_port">() + layer.template get<"destination_port">();
    }
};

void dissect_wirecraft(benchmark::State& state, const std::vector<std::byte>& frame, std::size_t layers) {
    for (auto _ : state) {
        dissect_sink sink;
        wirecraft_dissect_visitor visit{sink};
        // Up to the transport layer, as the hand-written walker and libtins go (the mDNS
        // message inside is benchmarked on its own in proto/dns_bench.cpp).
        const auto r = wc::dissect<wc::transport_bindings>(frame, wc::linktype_ethernet, visit);
        if (!r.ok() || sink.layers != layers) { state.SkipWithError("dissect"); break; }
        benchmark::DoNotOptimize(sink.sum + r.payload.size());
    }
}

// A walker for the protocols these frames use, in the style of a C dissector: Ethernet and VLAN
// tags, ARP, IPv4, IPv6 with its extension headers, TCP (options walked), UDP, ICMP, ICMPv6.
// Returns false on a malformed layer.
bool hand_dissect(const std::uint8_t* p, std::size_t n, dissect_sink& sink) {
    if (n < 14) return false;
    std::uint16_t type = hand::load16(p + 12);
    p += 14, n -= 14, ++sink.layers, sink.sum += 14;
    while (type == 0x8100 || type == 0x88a8) {
        if (n < 4) return false;
        type = hand::load16(p + 2);
        p += 4, n -= 4, ++sink.layers, sink.sum += 4;
    }
    std::uint8_t protocol = 0;
    switch (type) {
        case 0x0806: {
            if (n < 8 || n < 8 + 2u * (p[4] + p[5])) return false;
            ++sink.layers, sink.sum += 8 + 2u * (p[4] + p[5]);
            return true;
        }
        case 0x0800: {
            if (n < 20 || (p[0] >> 4) != 4) return false;
            const std::size_t header = (p[0] & 0x0f) * 4u, total = hand::load16(p + 2);
            if (header < 20 || total < header || total > n) return false;
            ++sink.layers, sink.sum += header;
            if ((hand::load16(p + 6) & 0x1fff) != 0) return true;  // a later fragment: no transport header
            protocol = p[9];
            p += header, n = total - header;
            break;
        }
        case 0x86dd: {
            if (n < 40 || (p[0] >> 4) != 6) return false;
            const std::size_t payload = hand::load16(p + 4);
            if (payload > n - 40) return false;
            protocol = p[6];
            p += 40, n = payload, ++sink.layers, sink.sum += 40;
            for (int extension = 0; protocol == 0 || protocol == 43 || protocol == 60 || protocol == 44; ++extension) {
                if (extension == 8 || n < 8) return false;
                const std::size_t size = protocol == 44 ? 8 : (p[1] + 1u) * 8u;
                if (size > n) return false;
                if (protocol == 44 && (hand::load16(p + 2) & 0xfff8) != 0) return true;  // not the first fragment
                protocol = p[0];
                p += size, n -= size, ++sink.layers, sink.sum += size;
            }
            break;
        }
        default: return true;
    }
    switch (protocol) {
        case 6: {
            if (n < 20) return false;
            const std::size_t header = (p[12] >> 4) * 4u;
            if (header < 20 || header > n) return false;
            tcp_sink options;
            if (!hand_tcp_options(p + 20, header - 20, options)) return false;
            ++sink.layers, sink.sum += header + hand::load16(p) + hand::load16(p + 2);
            return true;
        }
        case 17: {
            if (n < 8) return false;
            const std::size_t length = hand::load16(p + 4);
            if (length < 8 || length > n) return false;
            ++sink.layers, sink.sum += 8 + hand::load16(p) + hand::load16(p + 2);
            return true;
        }
        case 1:
        case 58: {
            if (n < 8) return false;
            ++sink.layers, sink.sum += 8;
            return true;
        }
        default: return true;
    }
}

void dissect_handwritten(benchmark::State& state, const std::vector<std::byte>& frame, std::size_t layers) {
    for (auto _ : state) {
        dissect_sink sink;
        if (!hand_dissect(raw(frame), frame.size(), sink) || sink.layers != layers) { state.SkipWithError("dissect"); break; }
        benchmark::DoNotOptimize(sink.sum);
    }
}

void BM_dissect_tcp_wirecraft(benchmark::State& state) { dissect_wirecraft(state, tcp_frame(), 3); }
void BM_dissect_tcp_handwritten(benchmark::State& state) { dissect_handwritten(state, tcp_frame(), 3); }
void BM_dissect_ipv6_udp_wirecraft(benchmark::State& state) { dissect_wirecraft(state, ipv6_frame(), 3); }
void BM_dissect_ipv6_udp_handwritten(benchmark::State& state) { dissect_handwritten(state, ipv6_frame(), 3); }

// ---- craft ----

auto syn_stack() {
    namespace opt = wc::tcp_options;
    return wc::ethernet{.destination = syn_destination, .source = syn_source} /
           wc::ipv4{.identification = 0x9b28, .dont_fragment = true, .ttl = 64, .source = syn_client, .destination = syn_server} /
           wc::tcp{.source_port = 33779, .destination_port = 53, .sequence_number = syn_sequence, .syn = true, .window = 64240,
                   .options = {opt::mss(1460), opt::sack_permitted(), opt::timestamps(syn_tsval, 0), opt::no_operation(), opt::window_scale(7)}};
}

// Building the values (the options are vectors: this allocates) and serializing them.
void BM_craft_tcp_wirecraft(benchmark::State& state) {
    if (!same(wc::to_bytes(syn_stack()), tcp_frame())) return state.SkipWithError("not the capture's bytes");
    std::array<std::byte, 128> out;
    for (auto _ : state) {
        auto n = wc::serialize(syn_stack(), out);
        if (!n) { state.SkipWithError("serialize"); break; }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

// The values built once, serialized each time (lengths and checksums still computed): a tool
// that sends the same packet repeatedly, or changes one field between sends.
void BM_craft_tcp_prebuilt_wirecraft(benchmark::State& state) {
    const auto stack = syn_stack();
    if (!same(wc::to_bytes(stack), tcp_frame())) return state.SkipWithError("not the capture's bytes");
    std::array<std::byte, 128> out;
    for (auto _ : state) {
        auto n = wc::serialize(stack, out);
        if (!n) { state.SkipWithError("serialize"); break; }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

// Returns the frame's size.
std::size_t hand_write_syn(std::uint8_t* p) {
    std::memcpy(p, syn_destination.octets.data(), 6);
    std::memcpy(p + 6, syn_source.octets.data(), 6);
    hand::store16(p + 12, 0x0800);
    std::uint8_t* ip = p + 14;
    const std::size_t tcp_length = 20 + 20;
    ip[0] = 0x45, ip[1] = 0;
    hand::store16(ip + 2, static_cast<std::uint16_t>(20 + tcp_length));
    hand::store16(ip + 4, 0x9b28);
    hand::store16(ip + 6, 0x4000);
    ip[8] = 64, ip[9] = 6;
    hand::store16(ip + 10, 0);
    std::memcpy(ip + 12, syn_client.octets.data(), 4);
    std::memcpy(ip + 16, syn_server.octets.data(), 4);
    hand::store16(ip + 10, hand::checksum(ip, 20));
    std::uint8_t* t = ip + 20;
    hand::store16(t, 33779);
    hand::store16(t + 2, 53);
    hand::store32(t + 4, syn_sequence);
    hand::store32(t + 8, 0);
    t[12] = static_cast<std::uint8_t>((tcp_length / 4) << 4), t[13] = 0x02;
    hand::store16(t + 14, 64240);
    hand::store16(t + 16, 0);
    hand::store16(t + 18, 0);
    std::uint8_t* o = t + 20;
    o[0] = 2, o[1] = 4, hand::store16(o + 2, 1460);
    o[4] = 4, o[5] = 2;
    o[6] = 8, o[7] = 10, hand::store32(o + 8, syn_tsval), hand::store32(o + 12, 0);
    o[16] = 1;
    o[17] = 3, o[18] = 3, o[19] = 7;
    const std::uint64_t pseudo = wc::pseudo_header_sum(syn_client, syn_server, 6) + tcp_length;
    hand::store16(t + 16, hand::checksum(t, tcp_length, pseudo));
    return 14 + 20 + tcp_length;
}

void BM_craft_tcp_handwritten(benchmark::State& state) {
    std::array<std::uint8_t, 128> out;
    if (!equal_to(std::as_bytes(std::span(out).first(hand_write_syn(out.data()))), tcp_frame()))
        return state.SkipWithError("not the capture's bytes");
    for (auto _ : state) {
        benchmark::DoNotOptimize(hand_write_syn(out.data()));
        benchmark::ClobberMemory();
    }
}

auto mdns_stack() {
    return wc::ethernet{.destination = mdns_destination, .source = mdns_source} /
           wc::ipv6{.hop_limit = 255, .source = mdns_source_ip, .destination = mdns_group} /
           wc::udp{.source_port = 5353, .destination_port = 5353} / wc::payload{mdns_message()};
}

void BM_craft_ipv6_udp_wirecraft(benchmark::State& state) {
    if (!same(wc::to_bytes(mdns_stack()), ipv6_frame())) return state.SkipWithError("not the capture's bytes");
    std::array<std::byte, 256> out;
    for (auto _ : state) {
        auto n = wc::serialize(mdns_stack(), out);
        if (!n) { state.SkipWithError("serialize"); break; }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

// Returns the frame's size, 0 if `out` is too small.
std::size_t hand_write_mdns(std::span<std::uint8_t> out, std::span<const std::byte> message) {
    const std::size_t udp_length = 8 + message.size();
    if (14 + 40 + udp_length > out.size()) return 0;
    std::uint8_t* p = out.data();
    std::memcpy(p, mdns_destination.octets.data(), 6);
    std::memcpy(p + 6, mdns_source.octets.data(), 6);
    hand::store16(p + 12, 0x86dd);
    std::uint8_t* ip = p + 14;
    hand::store32(ip, 0x60000000);
    hand::store16(ip + 4, static_cast<std::uint16_t>(udp_length));
    ip[6] = 17, ip[7] = 255;
    std::memcpy(ip + 8, mdns_source_ip.octets.data(), 16);
    std::memcpy(ip + 24, mdns_group.octets.data(), 16);
    std::uint8_t* u = ip + 40;
    hand::store16(u, 5353);
    hand::store16(u + 2, 5353);
    hand::store16(u + 4, static_cast<std::uint16_t>(udp_length));
    hand::store16(u + 6, 0);
    std::memcpy(u + 8, message.data(), message.size());
    // RFC 8200 8.1: source, destination, upper-layer length, next header.
    std::uint64_t pseudo = 17 + udp_length;
    for (int i = 0; i < 32; i += 2) pseudo += hand::load16(ip + 8 + i);
    const std::uint16_t sum = hand::checksum(u, udp_length, pseudo);
    hand::store16(u + 6, sum == 0 ? 0xffff : sum);
    return 14 + 40 + udp_length;
}

void BM_craft_ipv6_udp_handwritten(benchmark::State& state) {
    std::array<std::uint8_t, 256> out;
    const auto message = mdns_message();
    if (!equal_to(std::as_bytes(std::span(out).first(hand_write_mdns(out, message))), ipv6_frame()))
        return state.SkipWithError("not the capture's bytes");
    for (auto _ : state) {
        benchmark::DoNotOptimize(hand_write_mdns(out, message));
        benchmark::ClobberMemory();
    }
}

#ifdef WIRECRAFT_BENCH_LIBTINS
void BM_parse_tcp_libtins(benchmark::State& state) {
    const auto& frame = tcp_frame();
    for (auto _ : state) {
        Tins::EthernetII eth(raw(frame), static_cast<std::uint32_t>(frame.size()));
        const auto* ip = eth.find_pdu<Tins::IP>();
        const auto* tcp = eth.find_pdu<Tins::TCP>();
        if (!ip || !tcp) { state.SkipWithError("libtins"); break; }
        tcp_sink sink;
        sink.add(ip->ttl() + ip->id() + (static_cast<std::uint32_t>(ip->src_addr()) >> 24) + (static_cast<std::uint32_t>(ip->dst_addr()) >> 24));
        sink.add(tcp->sport() + tcp->dport() + tcp->seq() + tcp->ack_seq() + tcp->get_flag(Tins::TCP::SYN) + tcp->get_flag(Tins::TCP::ACK) +
                 tcp->window());
        // libtins' option getters throw option_not_found; this SYN has all four.
        const auto timestamp = tcp->timestamp();
        sink.add(tcp->mss() + tcp->winscale() + tcp->has_sack_permitted() + timestamp.first + timestamp.second);
        sink.add(tcp->inner_pdu() ? tcp->inner_pdu()->size() : 0);
        benchmark::DoNotOptimize(sink.sum);
    }
}

void BM_parse_ipv6_udp_libtins(benchmark::State& state) {
    const auto& frame = ipv6_frame();
    for (auto _ : state) {
        Tins::EthernetII eth(raw(frame), static_cast<std::uint32_t>(frame.size()));
        const auto* ip = eth.find_pdu<Tins::IPv6>();
        const auto* udp = eth.find_pdu<Tins::UDP>();
        if (!ip || !udp) { state.SkipWithError("libtins"); break; }
        benchmark::DoNotOptimize(ip->hop_limit() + static_cast<std::uint32_t>(ip->flow_label()) + *(ip->src_addr().end() - 1) +
                                 *(ip->dst_addr().end() - 1) + udp->sport() + udp->dport() +
                                 (udp->inner_pdu() ? udp->inner_pdu()->size() : 0));
    }
}

// libtins always builds the whole chain; dissecting is walking it.
void dissect_libtins(benchmark::State& state, const std::vector<std::byte>& frame, std::size_t layers) {
    for (auto _ : state) {
        Tins::EthernetII eth(raw(frame), static_cast<std::uint32_t>(frame.size()));
        dissect_sink sink;
        for (const Tins::PDU* pdu = &eth; pdu && pdu->pdu_type() != Tins::PDU::RAW; pdu = pdu->inner_pdu()) {
            ++sink.layers;
            sink.sum += pdu->header_size();
            if (const auto* tcp = pdu->find_pdu<Tins::TCP>(); tcp == pdu) sink.sum += tcp->sport() + tcp->dport();
            if (const auto* udp = pdu->find_pdu<Tins::UDP>(); udp == pdu) sink.sum += udp->sport() + udp->dport();
        }
        if (sink.layers != layers) { state.SkipWithError("dissect"); break; }
        benchmark::DoNotOptimize(sink.sum);
    }
}
void BM_dissect_tcp_libtins(benchmark::State& state) { dissect_libtins(state, tcp_frame(), 3); }
void BM_dissect_ipv6_udp_libtins(benchmark::State& state) { dissect_libtins(state, ipv6_frame(), 3); }

bool equal_to(const std::vector<std::uint8_t>& bytes, const std::vector<std::byte>& expected) {
    return equal_to(std::as_bytes(std::span(bytes)), expected);
}

std::vector<std::uint8_t> libtins_syn() {
    Tins::TCP tcp(53, 33779);
    tcp.seq(syn_sequence);
    tcp.flags(Tins::TCP::SYN);
    tcp.window(64240);
    tcp.mss(1460);
    tcp.sack_permitted();
    tcp.timestamp(syn_tsval, 0);
    tcp.add_option(Tins::TCP::option(Tins::TCP::NOP));
    tcp.winscale(7);
    Tins::IP ip("209.87.249.18", "192.168.1.11");
    ip.id(0x9b28);
    ip.flags(Tins::IP::DONT_FRAGMENT);
    ip.ttl(64);
    Tins::EthernetII packet = Tins::EthernetII("00:11:22:33:44:66", "00:11:22:33:44:55") / ip / tcp;
    return packet.serialize();
}

std::vector<std::uint8_t> libtins_mdns(std::span<const std::byte> message) {
    Tins::IPv6 ip("ff02::fb", "fe80::5a1f:aaff:fe4f:3f9d");
    ip.hop_limit(255);
    Tins::EthernetII packet = Tins::EthernetII("33:33:00:00:00:fb", "58:1f:aa:4f:3f:9d") / ip / Tins::UDP(5353, 5353) /
                              Tins::RawPDU(reinterpret_cast<const std::uint8_t*>(message.data()), static_cast<std::uint32_t>(message.size()));
    return packet.serialize();
}

void BM_craft_tcp_libtins(benchmark::State& state) {
    if (!equal_to(libtins_syn(), tcp_frame())) return state.SkipWithError("not the capture's bytes");
    for (auto _ : state) {
        auto bytes = libtins_syn();
        benchmark::DoNotOptimize(bytes.data());
    }
}

void BM_craft_ipv6_udp_libtins(benchmark::State& state) {
    const auto message = mdns_message();
    if (!equal_to(libtins_mdns(message), ipv6_frame())) return state.SkipWithError("not the capture's bytes");
    for (auto _ : state) {
        auto bytes = libtins_mdns(message);
        benchmark::DoNotOptimize(bytes.data());
    }
}
#endif

}  // namespace

BENCHMARK(BM_parse_tcp_wirecraft);
BENCHMARK(BM_parse_tcp_handwritten);
BENCHMARK(BM_parse_ipv6_udp_wirecraft);
BENCHMARK(BM_parse_ipv6_udp_handwritten);
BENCHMARK(BM_dissect_tcp_wirecraft);
BENCHMARK(BM_dissect_tcp_handwritten);
BENCHMARK(BM_dissect_ipv6_udp_wirecraft);
BENCHMARK(BM_dissect_ipv6_udp_handwritten);
BENCHMARK(BM_craft_tcp_wirecraft);
BENCHMARK(BM_craft_tcp_prebuilt_wirecraft);
BENCHMARK(BM_craft_tcp_handwritten);
BENCHMARK(BM_craft_ipv6_udp_wirecraft);
BENCHMARK(BM_craft_ipv6_udp_handwritten);
#ifdef WIRECRAFT_BENCH_LIBTINS
BENCHMARK(BM_parse_tcp_libtins);
BENCHMARK(BM_parse_ipv6_udp_libtins);
BENCHMARK(BM_dissect_tcp_libtins);
BENCHMARK(BM_dissect_ipv6_udp_libtins);
BENCHMARK(BM_craft_tcp_libtins);
BENCHMARK(BM_craft_ipv6_udp_libtins);
#endif
