// pcap_summary: reads a pcap or pcapng file and prints one line per frame with the layers the
// library knows (Ethernet, 802.1Q/802.1ad, Linux SLL/SLL2, ARP, IPv4, ICMP, UDP), or the
// precise error of the first layer that does not parse. With -v, every layer's field tree.
//
//   pcap_summary [-v] FILE.pcap|FILE.pcapng
#include <cstdio>
#include <cstring>
#include <string>

#include <wirecraft/wirecraft.hpp>

namespace wc = wirecraft;
using bytes_view = std::span<const std::byte>;

namespace {

bool verbose = false;

struct line {
    std::string text;
    std::string tree;
    template <class V>
    void layer(const V& view, const std::string& summary) {
        text += (text.empty() ? "" : " / ") + summary;
        if (verbose) tree += wc::to_string(view) + "\n";
    }
    void fail(const wc::error& e) { text += (text.empty() ? "" : " / ") + ("error: " + to_string(e)); }
};

void transport(line& out, const wc::view<wc::ipv4>& ip) {
    if (ip.get<"fragment_offset">() != 0) {
        out.text += " / fragment";
        return;
    }
    const wc::parse_options partial{.allow_truncated_payload = ip.get<"more_fragments">()};
    if (ip.get<"protocol">() == wc::ip_protocol::udp) {
        auto udp = wc::parse<wc::udp>(ip.payload(), partial);
        if (!udp) return out.fail(udp.error());
        out.layer(*udp, "UDP " + std::to_string(udp->get<"source_port">()) + " > " + std::to_string(udp->get<"destination_port">()) +
                            " len " + std::to_string(udp->get<"length">()));
    } else if (ip.get<"protocol">() == wc::ip_protocol::icmp) {
        auto icmp = wc::parse<wc::icmp>(ip.payload());
        if (!icmp) return out.fail(icmp.error());
        std::string s = "ICMP " + std::string(wc::enum_name(icmp->get<"type">()));
        if (s == "ICMP ") s += std::to_string(static_cast<int>(icmp->get<"type">()));
        if (auto id = icmp->get<"identifier">()) s += " id " + std::to_string(*id);
        if (auto seq = icmp->get<"sequence">()) s += " seq " + std::to_string(*seq);
        out.layer(*icmp, s);
    }
}

void network(line& out, wc::ethertype type, bytes_view payload) {
    if (type == wc::ethertype::ipv4) {
        auto ip = wc::parse<wc::ipv4>(payload);
        if (!ip) return out.fail(ip.error());
        out.layer(*ip, "IPv4 " + ip->get<"source">().to_string() + " > " + ip->get<"destination">().to_string() +
                           " ttl " + std::to_string(ip->get<"ttl">()));
        transport(out, *ip);
    } else if (type == wc::ethertype::arp) {
        auto arp = wc::parse<wc::arp>(payload);
        if (!arp) return out.fail(arp.error());
        std::string s = "ARP " + std::string(wc::enum_name(arp->get<"operation">()));
        if (auto sender = wc::arp_address<wc::ipv4_address>(arp->get<"sender_protocol_address">())) s += " from " + sender->to_string();
        if (auto target = wc::arp_address<wc::ipv4_address>(arp->get<"target_protocol_address">())) s += " for " + target->to_string();
        out.layer(*arp, s);
    } else {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%04x", static_cast<unsigned>(type));
        out.text += std::string(" / ethertype ") + hex;
    }
}

void frame(line& out, const wc::capture_packet& p) {
    if (p.link == wc::link_type::linux_sll) {
        auto sll = wc::parse<wc::linux_sll>(p.data);
        if (!sll) return out.fail(sll.error());
        out.layer(*sll, "SLL " + std::string(wc::enum_name(sll->get<"packet_type">())));
        return network(out, sll->get<"protocol">(), sll->payload());
    }
    if (p.link == wc::link_type::linux_sll2) {
        auto sll = wc::parse<wc::linux_sll2>(p.data);
        if (!sll) return out.fail(sll.error());
        out.layer(*sll, "SLL2 if " + std::to_string(sll->get<"interface_index">()));
        return network(out, sll->get<"protocol">(), sll->payload());
    }
    if (p.link == wc::link_type::raw || p.link == wc::link_type::ipv4) return network(out, wc::ethertype::ipv4, p.data);
    if (p.link != wc::link_type::ethernet) {
        out.text = "link type " + std::to_string(static_cast<int>(p.link)) + " not dissected";
        return;
    }
    auto eth = wc::parse<wc::ethernet>(p.data);
    if (!eth) return out.fail(eth.error());
    out.layer(*eth, "Ethernet " + eth->get<"source">().to_string() + " > " + eth->get<"destination">().to_string());
    auto type = eth->get<"type">();
    if (wc::is_8023_length(type)) {
        out.text += " / 802.3 length " + std::to_string(static_cast<int>(type));
        return;
    }
    auto payload = eth->payload();
    while (wc::is_vlan_tag(type)) {
        auto tag = wc::parse<wc::vlan_tag>(payload);
        if (!tag) return out.fail(tag.error());
        out.layer(*tag, (type == wc::ethertype::qinq ? "802.1ad " : "802.1Q ") + std::to_string(tag->get<"id">()));
        type = tag->get<"type">();
        payload = tag->payload();
    }
    network(out, type, payload);
}

}  // namespace

int main(int argc, char** argv) {
    int arg = 1;
    if (arg < argc && std::strcmp(argv[arg], "-v") == 0) {
        verbose = true;
        ++arg;
    }
    if (arg + 1 != argc) {
        std::fprintf(stderr, "usage: pcap_summary [-v] FILE.pcap|FILE.pcapng\n");
        return 2;
    }
    auto file = wc::read_file(argv[arg]);
    if (!file) {
        std::fprintf(stderr, "pcap_summary: cannot read %s\n", argv[arg]);
        return 1;
    }
    auto reader = wc::capture_reader::open(*file);
    if (!reader) {
        std::fprintf(stderr, "pcap_summary: %s\n", to_string(reader.error()).c_str());
        return 1;
    }
    for (int number = 1;; ++number) {
        auto packet = reader->next();
        if (!packet) {
            std::fprintf(stderr, "pcap_summary: %s\n", to_string(packet.error()).c_str());
            return 1;
        }
        if (!*packet) break;
        line out;
        frame(out, **packet);
        std::printf("%4d %5zu B  %s\n%s", number, (*packet)->data.size(), out.text.c_str(), out.tree.c_str());
    }
    return 0;
}
