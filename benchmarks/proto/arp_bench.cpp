// ARP request (behind two VLAN tags in the capture).
#include "../bench_support.hpp"

[[maybe_unused]] const bool arp_request = wcbench::register_layer<wirecraft::arp>("arp/request", "pcapplusplus/ArpRequestWithVlan.pcap", 1, 22);
