// Ethernet II and 802.1Q tags, from real frames.
#include "../bench_support.hpp"

[[maybe_unused]] const bool ethernet_dns_frame = wcbench::register_layer<wirecraft::ethernet>("ethernet/dns_frame", "pcapplusplus/Dns.pcap", 1, 0);
[[maybe_unused]] const bool vlan_tag_outer_tag = wcbench::register_layer<wirecraft::vlan_tag>("vlan_tag/outer_tag", "pcapplusplus/VlanPackets.pcap", 1, 14);
