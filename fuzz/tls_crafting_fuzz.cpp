// Crafting ClientHellos from fuzzed settings (tls_crafting.hpp). The input is read in order: a
// seed (8 bytes), a server name (length, bytes), up to 3 ALPN protocols (count, then length and
// bytes each), the TLS versions offered (a bit set), up to 4 groups and up to 3 key-share groups
// (from a fixed list, by index). build() refuses settings outside the RFCs' bounds (an empty ALPN
// protocol, a share for a group not offered or twice); what it builds serializes, the strict
// parser accepts it, its key shares have their groups' sizes, and it re-serializes byte for byte.
#include <wirecraft/proto/tls_crafting.hpp>

#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    using ext = wc::tls_extension_type;
    static constexpr std::uint16_t groups[] = {wc::tls_group::x25519,    wc::tls_group::secp256r1, wc::tls_group::secp384r1,
                                               wc::tls_group::secp521r1, wc::tls_group::x448,      wc::tls_group::ffdhe2048};
    input_reader input{as_bytes(data, size)};
    wc::tls_client_hello_settings settings;
    settings.seed = input.u64();
    const auto name = input.take(input.u8());
    settings.server_name.assign(reinterpret_cast<const char*>(name.data()), name.size());
    bool within_bounds = true;
    settings.alpn.resize(input.u8() % 4);
    for (auto& protocol : settings.alpn) {
        const auto p = input.take(input.u8() % 24);
        protocol.assign(reinterpret_cast<const char*>(p.data()), p.size());
        within_bounds = within_bounds && !p.empty();
    }
    const std::uint8_t versions = input.u8();
    settings.versions.clear();
    if (versions & 1) settings.versions.push_back(wc::tls_version::tls_1_3);
    if (versions & 2) settings.versions.push_back(wc::tls_version::tls_1_2);
    if (settings.versions.empty()) settings.versions.push_back(wc::tls_version::tls_1_2);
    settings.groups.resize(1 + input.u8() % 4);
    for (auto& g : settings.groups) g = groups[input.u8() % std::size(groups)];
    settings.key_share_groups.resize(input.u8() % 4);
    for (std::size_t i = 0; i < settings.key_share_groups.size(); ++i) {
        const auto g = groups[input.u8() % std::size(groups)];
        settings.key_share_groups[i] = g;
        const auto& offered = settings.groups;
        const auto before = settings.key_share_groups.begin() + static_cast<std::ptrdiff_t>(i);
        within_bounds = within_bounds && std::find(offered.begin(), offered.end(), g) != offered.end() &&
                        std::find(settings.key_share_groups.begin(), before, g) == before;
    }

    const auto hello = settings.build();
    if (!hello) {
        check_error(hello.error());
        return 0;
    }
    if (!within_bounds) fail("settings outside the RFCs' bounds must be refused", "");
    const auto bytes = wc::to_bytes(*hello);
    if (!bytes) fail("a crafted hello must serialize", to_string(bytes.error()));
    const auto parsed = wc::parse_tls_hello<wc::tls_client_hello>(*bytes);
    if (!parsed) fail("a hello crafted within the RFCs' bounds must parse", to_string(parsed.error()));
    if (wc::to_bytes(wc::to_owned(*parsed)).value() != *bytes) fail("a crafted hello must re-serialize byte for byte", "");
    if (const auto shares = wc::extension_body<ext::key_share>(*parsed); shares && *shares)
        for (auto share : (**shares).get<"shares">())
            if (share.get<"key_exchange">().size() != wc::tls_key_share_size(share.get<"group">())) fail("a key share has its group's size", "");
    return 0;
}
