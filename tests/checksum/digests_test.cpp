// MD5 against RFC 1321's test suite (appendix A.5) and SHA-256 against FIPS 180-2's examples
// (appendix B), whole and fed in pieces of every size; both evaluated at compile time too.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <wirecraft/checksum/digests.hpp>

namespace wc = wirecraft;

namespace {
template <class Hash>
std::string hex_of(std::string_view text, std::size_t piece = 0) {
    Hash h;
    if (piece == 0) h.update(text);
    else
        for (std::size_t at = 0; at < text.size(); at += piece) h.update(text.substr(at, piece));
    const auto hex = wc::hex_digest(h.finish());
    return std::string(hex.begin(), hex.end());
}
constexpr auto md5_abc = [] {
    wc::md5 h;
    h.update(std::string_view("abc"));
    return wc::hex_digest(h.finish());
}();
static_assert(std::string_view(md5_abc.data(), md5_abc.size()) == "900150983cd24fb0d6963f7d28e17f72");
constexpr auto sha256_abc = [] {
    wc::sha256 h;
    h.update(std::string_view("abc"));
    return wc::hex_digest(h.finish());
}();
static_assert(std::string_view(sha256_abc.data(), sha256_abc.size()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}  // namespace

TEST_CASE("digests: MD5, RFC 1321 A.5", "[digests_test]") {
    const std::pair<std::string_view, std::string_view> suite[] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"},
    };
    for (const auto& [text, digest] : suite) {
        INFO(text);
        CHECK(hex_of<wc::md5>(text) == digest);
        for (std::size_t piece = 1; piece <= 65; ++piece) CHECK(hex_of<wc::md5>(text, piece) == digest);
    }
}

TEST_CASE("digests: SHA-256, FIPS 180-2 appendix B", "[digests_test]") {
    CHECK(hex_of<wc::sha256>("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string_view two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    for (std::size_t piece = 0; piece <= 65; ++piece)
        CHECK(hex_of<wc::sha256>(two_blocks, piece) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string million(1'000'000, 'a');
    CHECK(hex_of<wc::sha256>(million, 4096) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(hex_of<wc::sha256>("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
