// DNS record data as schemas: an HTTPS record's data (51 octets: priority 1, root target, alpn
// h2 h3, port 8443, two IPv4 hints, one IPv6 hint; tshark-checked, see dns_rdata_test.cpp) and
// an EDNS0 OPT record's data (client subnet, cookie, NSID, padding).
//
// parse:      validate the data (names, key order, every known parameter's shape) and read the
//             port and the IPv4 hints through views: no allocation;
// serialize:  the owned record data into a caller's buffer.
#include "../bench_support.hpp"

#include <wirecraft/proto/dns_rdata.hpp>

namespace {
namespace wc = wirecraft;

std::vector<std::byte> hex(std::string_view text) {
    std::vector<std::byte> bytes;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) bytes.push_back(static_cast<std::byte>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
    return bytes;
}
const auto https_rdata = hex("000100000100060268320268330003000220fb00040008c0000201c00002020006001020010db8000000000000000000000001");
const auto opt_rdata = hex("0008000700011800c00002000a0008010203040506070800030000000c001000000000000000000000000000000000");

void parse_https(benchmark::State& state) {
    for (auto _ : state) {
        auto v = wc::parse<wc::dns_svcb>(https_rdata);
        std::uint32_t sum = v->get<"priority">();
        for (auto param : v->get<"params">()) {
            if (param.kind == wc::dns_svc_param_key::port) sum += wc::parse<wc::dns_svc_port>(param.data)->get<"port">();
            if (param.kind == wc::dns_svc_param_key::ipv4hint)
                for (auto a : wc::parse<wc::dns_svc_ipv4hint>(param.data)->get<"addresses">()) sum += a.octets[3];
        }
        benchmark::DoNotOptimize(sum);
    }
}
void parse_opt(benchmark::State& state) {
    for (auto _ : state) {
        auto v = wc::parse<wc::dns_edns>(opt_rdata);
        std::uint32_t sum = 0;
        for (auto option : v->get<"options">())
            if (option.kind == wc::dns_edns_option_code::client_subnet) sum += wc::parse<wc::dns_edns_client_subnet>(option.data)->get<"source_prefix">();
        benchmark::DoNotOptimize(sum);
    }
}
template <class P>
void serialize_owned(benchmark::State& state, const std::vector<std::byte>& bytes) {
    const P owned = wc::to_owned(wc::parse<P>(bytes).value());
    std::vector<std::byte> out(bytes.size());
    for (auto _ : state) {
        auto n = wc::serialize(owned, out);
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(out.data());
    }
}
void serialize_https(benchmark::State& state) { serialize_owned<wc::dns_svcb>(state, https_rdata); }
void serialize_opt(benchmark::State& state) { serialize_owned<wc::dns_edns>(state, opt_rdata); }
}  // namespace

BENCHMARK(parse_https)->Name("parse/dns_rdata/https");
BENCHMARK(parse_opt)->Name("parse/dns_rdata/opt");
BENCHMARK(serialize_https)->Name("serialize/dns_rdata/https");
BENCHMARK(serialize_opt)->Name("serialize/dns_rdata/opt");
