// Everything: the schema engine, checksums, protocols, stacking and capture files.
#pragma once
#include "checksum/crc32.hpp"
#include "checksum/internet.hpp"
#include "checksum/rules.hpp"
#include "pcap/pcap.hpp"
#include "proto/arp.hpp"
#include "proto/ethernet.hpp"
#include "proto/icmp.hpp"
#include "proto/ipv4.hpp"
#include "proto/linux_sll.hpp"
#include "proto/udp.hpp"
#include "schema.hpp"
#include "stack.hpp"
