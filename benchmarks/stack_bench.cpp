// Whole stacks: parse and serialize Ethernet/IPv4/UDP and Ethernet/IPv4/ICMP: wirecraft, a hand-written
// validating codec, and libtins, on packets from the test captures.
//
// Every parser does the same work: check each length against the bytes present, check the
// version and header length, and read the same fields into a sink. Serializers write the same
// headers with computed lengths and checksums (IPv4 header, UDP over the pseudo-header, ICMP).
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <wirecraft/wirecraft.hpp>

#include "handwritten.hpp"

#ifdef WIRECRAFT_BENCH_LIBTINS
#include <tins/tins.h>
#endif

namespace wc = wirecraft;

namespace {

// The first frame of a test capture: real bytes, not ours.
std::vector<std::byte> first_frame(const char* capture) {
    static std::vector<std::vector<std::byte>> files;  // keep the bytes alive
    auto file = wc::read_file(std::string(WIRECRAFT_TEST_DATA) + "/captures/" + capture);
    if (!file) throw std::runtime_error(std::string("cannot read ") + capture);
    files.push_back(std::move(*file));
    auto reader = wc::capture_reader::open(files.back());
    auto packet = reader.value().next().value();
    return {packet->data.begin(), packet->data.end()};
}

const std::vector<std::byte>& udp_frame() {  // a 407-byte DNS response
    static const auto frame = first_frame("pcapplusplus/Dns.pcap");
    return frame;
}
const std::vector<std::byte>& icmp_frame() {  // an echo request
    static const auto frame = first_frame("pcapplusplus/IcmpPackets.pcap");
    return frame;
}

const std::uint8_t* raw(const std::vector<std::byte>& v) { return reinterpret_cast<const std::uint8_t*>(v.data()); }


// ---- parse ----

void BM_parse_udp_wirecraft(benchmark::State& state) {
    const auto& frame = udp_frame();
    for (auto _ : state) {
        auto eth = wc::parse<wc::ethernet>(frame);
        if (!eth || eth->get<"type">() != wc::ethertype::ipv4) { state.SkipWithError("eth"); break; }
        auto ip = wc::parse<wc::ipv4>(eth->payload());
        if (!ip || ip->get<"protocol">() != wc::ip_protocol::udp) { state.SkipWithError("ip"); break; }
        auto udp = wc::parse<wc::udp>(ip->payload());
        if (!udp) { state.SkipWithError("udp"); break; }
        benchmark::DoNotOptimize(ip->get<"ttl">() + ip->get<"identification">() + ip->get<"source">().octets[3] +
                                 ip->get<"destination">().octets[3] + udp->get<"source_port">() +
                                 udp->get<"destination_port">() + udp->payload().size());
    }
}

void BM_parse_udp_handwritten(benchmark::State& state) {
    const auto& frame = udp_frame();
    for (auto _ : state) {
        hand::ip_fields f;
        if (!hand::parse_eth_ipv4(raw(frame), frame.size(), f) || f.protocol != 17) { state.SkipWithError("ip"); break; }
        if (f.l4_size < 8) { state.SkipWithError("udp"); break; }
        const std::uint16_t length = hand::load16(f.l4 + 4);
        if (length < 8 || length > f.l4_size) { state.SkipWithError("udp length"); break; }
        benchmark::DoNotOptimize(f.ttl + f.identification + (f.source & 0xff) + (f.destination & 0xff) +
                                 hand::load16(f.l4) + hand::load16(f.l4 + 2) + (length - 8u));
    }
}

void BM_parse_icmp_wirecraft(benchmark::State& state) {
    const auto& frame = icmp_frame();
    for (auto _ : state) {
        auto eth = wc::parse<wc::ethernet>(frame);
        if (!eth || eth->get<"type">() != wc::ethertype::ipv4) { state.SkipWithError("eth"); break; }
        auto ip = wc::parse<wc::ipv4>(eth->payload());
        if (!ip || ip->get<"protocol">() != wc::ip_protocol::icmp) { state.SkipWithError("ip"); break; }
        auto icmp = wc::parse<wc::icmp>(ip->payload());
        if (!icmp) { state.SkipWithError("icmp"); break; }
        benchmark::DoNotOptimize(ip->get<"ttl">() + ip->get<"source">().octets[3] + static_cast<int>(icmp->get<"type">()) +
                                 icmp->get<"identifier">().value_or(0) + icmp->get<"sequence">().value_or(0) +
                                 icmp->payload().size());
    }
}

void BM_parse_icmp_handwritten(benchmark::State& state) {
    const auto& frame = icmp_frame();
    for (auto _ : state) {
        hand::ip_fields f;
        if (!hand::parse_eth_ipv4(raw(frame), frame.size(), f) || f.protocol != 1) { state.SkipWithError("ip"); break; }
        if (f.l4_size < 8) { state.SkipWithError("icmp"); break; }
        const std::uint8_t type = f.l4[0];
        const bool echo = type == 0 || type == 8;
        benchmark::DoNotOptimize(f.ttl + (f.source & 0xff) + type + (echo ? hand::load16(f.l4 + 4) + hand::load16(f.l4 + 6) : 0) +
                                 (f.l4_size - 8));
    }
}

// ---- serialize ----

const wc::mac_address mac_a{"02:00:00:00:00:01"}, mac_b{"02:00:00:00:00:02"};
const wc::ipv4_address ip_a{"10.0.0.1"}, ip_b{"10.0.0.2"};

// Ethernet (mac_a -> mac_b) and a 20-byte IPv4 header (ip_a -> ip_b, id 1, TTL 64) with its
// checksum; returns where the transport header goes.
std::uint8_t* write_eth_ipv4(std::uint8_t* p, std::uint8_t protocol, std::size_t l4_length) {
    using namespace hand;
    std::memcpy(p, mac_b.octets.data(), 6);
    std::memcpy(p + 6, mac_a.octets.data(), 6);
    store16(p + 12, 0x0800);
    std::uint8_t* ip = p + 14;
    ip[0] = 0x45;
    ip[1] = 0;
    store16(ip + 2, static_cast<std::uint16_t>(20 + l4_length));
    store16(ip + 4, 1);
    store16(ip + 6, 0);
    ip[8] = 64;
    ip[9] = protocol;
    store16(ip + 10, 0);
    std::memcpy(ip + 12, ip_a.octets.data(), 4);
    std::memcpy(ip + 16, ip_b.octets.data(), 4);
    store16(ip + 10, checksum(ip, 20));
    return ip + 20;
}

std::span<const std::byte> payload_of(std::size_t n) {
    static const std::vector<std::byte> bytes(1500, std::byte{0x61});
    return std::span<const std::byte>(bytes).first(n);
}

void BM_serialize_udp_wirecraft(benchmark::State& state) {
    const auto payload = payload_of(static_cast<std::size_t>(state.range(0)));
    std::array<std::byte, 1600> out;
    for (auto _ : state) {
        auto n = wc::serialize(wc::ethernet{.destination = mac_b, .source = mac_a} /
        wc::ipv4{.identification = 1, .protocol = wc::ip_protocol::udp, .source = ip_a, .destination = ip_b} /
        wc::udp{.source_port = 5353, .destination_port = 53} /
        wc::payload{payload}, out);
        if (!n) { state.SkipWithError("serialize"); break; }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

void BM_serialize_udp_handwritten(benchmark::State& state) {
    const auto payload = payload_of(static_cast<std::size_t>(state.range(0)));
    std::array<std::uint8_t, 1600> out;
    for (auto _ : state) {
        const std::size_t udp_length = 8 + payload.size();
        if (14 + 20 + udp_length > out.size()) { state.SkipWithError("buffer"); break; }
        std::uint8_t* udp = write_eth_ipv4(out.data(), 17, udp_length);
        hand::store16(udp, 5353);
        hand::store16(udp + 2, 53);
        hand::store16(udp + 4, static_cast<std::uint16_t>(udp_length));
        hand::store16(udp + 6, 0);
        std::memcpy(udp + 8, payload.data(), payload.size());
        const std::uint64_t pseudo = wc::pseudo_header_sum(ip_a, ip_b, 17) + udp_length;
        const std::uint16_t sum = hand::checksum(udp, udp_length, pseudo);
        hand::store16(udp + 6, sum == 0 ? 0xffff : sum);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

void BM_serialize_icmp_wirecraft(benchmark::State& state) {
    const auto payload = payload_of(static_cast<std::size_t>(state.range(0)));
    std::array<std::byte, 1600> out;
    for (auto _ : state) {
        auto n = wc::serialize(wc::ethernet{.destination = mac_b, .source = mac_a} /
        wc::ipv4{.identification = 1, .protocol = wc::ip_protocol::icmp, .source = ip_a, .destination = ip_b} /
        wc::icmp{.type = wc::icmp_type::echo_request, .identifier = 7, .sequence = 1} /
        wc::payload{payload}, out);
        if (!n) { state.SkipWithError("serialize"); break; }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

void BM_serialize_icmp_handwritten(benchmark::State& state) {
    const auto payload = payload_of(static_cast<std::size_t>(state.range(0)));
    std::array<std::uint8_t, 1600> out;
    for (auto _ : state) {
        const std::size_t icmp_length = 8 + payload.size();
        if (14 + 20 + icmp_length > out.size()) { state.SkipWithError("buffer"); break; }
        std::uint8_t* icmp = write_eth_ipv4(out.data(), 1, icmp_length);
        icmp[0] = 8;
        icmp[1] = 0;
        hand::store16(icmp + 2, 0);
        hand::store16(icmp + 4, 7);
        hand::store16(icmp + 6, 1);
        std::memcpy(icmp + 8, payload.data(), payload.size());
        hand::store16(icmp + 2, hand::checksum(icmp, icmp_length));
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

#ifdef WIRECRAFT_BENCH_LIBTINS
void BM_parse_udp_libtins(benchmark::State& state) {
    const auto& frame = udp_frame();
    for (auto _ : state) {
        Tins::EthernetII eth(raw(frame), static_cast<std::uint32_t>(frame.size()));
        const auto* ip = eth.find_pdu<Tins::IP>();
        const auto* udp = eth.find_pdu<Tins::UDP>();
        if (!ip || !udp) { state.SkipWithError("libtins"); break; }
        benchmark::DoNotOptimize(ip->ttl() + ip->id() + (static_cast<std::uint32_t>(ip->src_addr()) >> 24) +
                                 (static_cast<std::uint32_t>(ip->dst_addr()) >> 24) + udp->sport() + udp->dport() +
                                 (udp->inner_pdu() ? udp->inner_pdu()->size() : 0));
    }
}

void BM_parse_icmp_libtins(benchmark::State& state) {
    const auto& frame = icmp_frame();
    for (auto _ : state) {
        Tins::EthernetII eth(raw(frame), static_cast<std::uint32_t>(frame.size()));
        const auto* ip = eth.find_pdu<Tins::IP>();
        const auto* icmp = eth.find_pdu<Tins::ICMP>();
        if (!ip || !icmp) { state.SkipWithError("libtins"); break; }
        benchmark::DoNotOptimize(ip->ttl() + (static_cast<std::uint32_t>(ip->src_addr()) >> 24) + icmp->type() + icmp->id() +
                                 icmp->sequence() + (icmp->inner_pdu() ? icmp->inner_pdu()->size() : 0));
    }
}

void BM_serialize_udp_libtins(benchmark::State& state) {
    const auto payload = payload_of(static_cast<std::size_t>(state.range(0)));
    const auto* data = reinterpret_cast<const std::uint8_t*>(payload.data());
    for (auto _ : state) {
        Tins::EthernetII packet = Tins::EthernetII("02:00:00:00:00:02", "02:00:00:00:00:01") /
                                  Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(53, 5353) /
                                  Tins::RawPDU(data, static_cast<std::uint32_t>(payload.size()));
        packet.rfind_pdu<Tins::IP>().id(1);
        auto bytes = packet.serialize();
        benchmark::DoNotOptimize(bytes.data());
    }
}

void BM_serialize_icmp_libtins(benchmark::State& state) {
    const auto payload = payload_of(static_cast<std::size_t>(state.range(0)));
    const auto* data = reinterpret_cast<const std::uint8_t*>(payload.data());
    for (auto _ : state) {
        Tins::ICMP echo(Tins::ICMP::ECHO_REQUEST);
        echo.id(7);
        echo.sequence(1);
        Tins::EthernetII packet = Tins::EthernetII("02:00:00:00:00:02", "02:00:00:00:00:01") /
                                  Tins::IP("10.0.0.2", "10.0.0.1") / echo /
                                  Tins::RawPDU(data, static_cast<std::uint32_t>(payload.size()));
        auto bytes = packet.serialize();
        benchmark::DoNotOptimize(bytes.data());
    }
}
#endif

}  // namespace

BENCHMARK(BM_parse_udp_wirecraft);
BENCHMARK(BM_parse_udp_handwritten);
BENCHMARK(BM_parse_icmp_wirecraft);
BENCHMARK(BM_parse_icmp_handwritten);
BENCHMARK(BM_serialize_udp_wirecraft)->Arg(0)->Arg(64)->Arg(1400);
BENCHMARK(BM_serialize_udp_handwritten)->Arg(0)->Arg(64)->Arg(1400);
BENCHMARK(BM_serialize_icmp_wirecraft)->Arg(56)->Arg(1400);
BENCHMARK(BM_serialize_icmp_handwritten)->Arg(56)->Arg(1400);
#ifdef WIRECRAFT_BENCH_LIBTINS
BENCHMARK(BM_parse_udp_libtins);
BENCHMARK(BM_parse_icmp_libtins);
BENCHMARK(BM_serialize_udp_libtins)->Arg(0)->Arg(64)->Arg(1400);
BENCHMARK(BM_serialize_icmp_libtins)->Arg(56)->Arg(1400);
#endif
