// DNS record data as schemas: the input is a record type (2 octets, big-endian) and the record
// data. DS, DNSKEY, NSEC3, NSEC3PARAM, TLSA, SVCB/HTTPS and OPT keep the round-trip properties
// (exact bytes); the typed SvcParam values and EDNS options are decoded too, each giving a value
// or a precise error.
#include "fuzz.hpp"

namespace {
namespace wc = wirecraft;

// Decodes an item with each body whose kind matches; any outcome but a crash is fine.
template <class Entry, class Kind>
bool decode_if(const wc::tlv_item_view<Kind>& item) {
    if (Entry::kind != item.kind) return false;
    auto value = wc::tlv_value<Entry::kind>(item.data);
    if (!value) wcfuzz::check_error(value.error());
    return true;
}
template <class List, class... Entries>
void decode_items(const List& items, wc::tlv_body_list<Entries...>) {
    for (auto item : items) (decode_if<Entries>(item) || ...);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (size < 2) return 0;
    const auto type = static_cast<wc::dns_type>(data[0] << 8 | data[1]);
    const auto rdata = as_bytes(data + 2, size - 2);
    switch (type) {
        case wc::dns_type::ds: (void)round_trip<wc::dns_ds>(rdata); break;
        case wc::dns_type::dnskey:
            if (round_trip<wc::dns_dnskey>(rdata)) (void)wc::dns_key_tag(rdata);
            break;
        case wc::dns_type::nsec3:
            if (auto v = round_trip<wc::dns_nsec3>(rdata)) {
                // Each listed type is a set bit of the bitmaps; base32 gives 8 digits per 5 octets.
                std::size_t types = 0;
                wc::for_each_nsec_type(v->get<"type_bitmaps">(), [&](std::uint16_t) { ++types; });
                if (types > 8 * v->get<"type_bitmaps">().size()) __builtin_trap();
                const auto hash = v->get<"next_hashed_owner">();
                if (wc::to_base32hex(hash).size() != (hash.size() * 8 + 4) / 5) __builtin_trap();
            }
            break;
        case wc::dns_type::nsec3param: (void)round_trip<wc::dns_nsec3param>(rdata); break;
        case wc::dns_type::tlsa: (void)round_trip<wc::dns_tlsa>(rdata); break;
        case wc::dns_type::svcb:
        case wc::dns_type::https:
            if (auto v = round_trip<wc::dns_svcb>(rdata)) decode_items(v->get<"params">(), tlv_bodies(wc::dns_svc_param_key{}));
            break;
        default:
            if (auto v = round_trip<wc::dns_edns>(rdata)) decode_items(v->get<"options">(), tlv_bodies(wc::dns_edns_option_code{}));
            break;
    }
    return 0;
}
