// Baseline: the standard headers the library itself needs, nothing of ours.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>
#include <cstdio>
int main() {}
