#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in their own build folder, replays the
# committed regression inputs (tests/fuzz/regressions/<target>/), then fuzzes each target for a
# short time from seeds cut out of ../shared/data. Exit 0: no crash, leak or UB; 77: no clang
# with libFuzzer here (skipped); anything else: a failure (the crashing input is kept in
# <build>/artifacts/<target>/).
#   run-fuzzers.sh --source DIR --build DIR --shared DIR [--seconds N] [--runs N] [--only TARGET]
set -euo pipefail

source_dir=
build_dir=
shared_dir=
seconds=20
runs=
only=
while [[ $# -gt 0 ]]; do
    case "$1" in
    --source) source_dir=$2; shift 2 ;;
    --build) build_dir=$2; shift 2 ;;
    --shared) shared_dir=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "run-fuzzers: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -n "$source_dir" && -n "$build_dir" && -n "$shared_dir" ]] || {
    echo "usage: run-fuzzers.sh --source DIR --build DIR --shared DIR [--seconds N]" >&2
    exit 2
}

clangxx=$(command -v clang++ || command -v clang++-14 || true)
clangc=$(command -v clang || command -v clang-14 || true)
if [[ -z "$clangxx" || -z "$clangc" ]]; then
    echo "run-fuzzers: SKIPPED: clang++ is not installed (apt-get install clang libclang-rt-14-dev)"
    exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long){return 0;}\n' \
    >"$probe/p.cpp"
if ! "$clangxx" -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" 2>"$probe/err"; then
    echo "run-fuzzers: SKIPPED: $clangxx cannot link libFuzzer ($(head -n 1 "$probe/err"));" \
        "apt-get install libclang-rt-14-dev"
    exit 77
fi

launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
start=$(date +%s)
mkdir -p "$build_dir"
echo "run-fuzzers: configuring $build_dir with $clangxx"
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_C_COMPILER="$clangc" -DWARROOM_FUZZ=ON \
    -DWARROOM_SHARED_DIR="$shared_dir" "${launcher[@]}" >"$build_dir/run-fuzzers.configure.log" 2>&1 || {
    tail -n 30 "$build_dir/run-fuzzers.configure.log"
    echo "run-fuzzers: configure failed (log: $build_dir/run-fuzzers.configure.log)"
    exit 1
}
echo "run-fuzzers: building the fuzzers"
cmake --build "$build_dir" --target warroom_fuzzers -j "$(nproc)" >"$build_dir/run-fuzzers.build.log" 2>&1 || {
    grep -E "error|Error" "$build_dir/run-fuzzers.build.log" | head -n 30
    echo "run-fuzzers: build failed (log: $build_dir/run-fuzzers.build.log)"
    exit 1
}
echo "run-fuzzers: built in $(($(date +%s) - start)) s"

bin="$build_dir/tests/fuzz"
"$bin/fuzz_seeds" "$shared_dir/data" "$build_dir/seeds"

# max_len per target: what a real input of that kind may be, kept small enough to run fast.
declare -A max_len=([feedparser]=65536 [mastodon]=65536 [bluesky]=65536 [sse]=8192
                    [import]=65536 [search]=2048)
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
for target in feedparser mastodon bluesky sse import search; do
    [[ -z "$only" || "$only" == "$target" ]] || continue
    artifacts="$build_dir/artifacts/$target"
    corpus="$build_dir/corpus/$target"
    mkdir -p "$artifacts" "$corpus"
    # A fixed seed by default: the same mutations on every machine, so a short CI run is a prefix
    # of a longer run here (FUZZ_SEED=0 for libFuzzer's random seed).
    common=(-max_len="${max_len[$target]}" -rss_limit_mb=2048 -timeout=10
            -seed="${FUZZ_SEED:-1}" -artifact_prefix="$artifacts/" -print_final_stats=1)
    # The crashes found before must stay fixed.
    regressions="$source_dir/tests/fuzz/regressions/$target"
    if [[ -d "$regressions" ]] && compgen -G "$regressions/*" >/dev/null; then
        if ! "$bin/fuzz_$target" "${common[@]}" "$regressions"/* >"$artifacts/regressions.log" 2>&1; then
            tail -n 40 "$artifacts/regressions.log"
            echo "run-fuzzers: $target: a committed regression input fails again"
            failed+=("$target")
            continue
        fi
    fi
    limit=(-max_total_time="$seconds")
    [[ -n "$runs" ]] && limit=(-runs="$runs")
    log="$artifacts/fuzz.log"
    if "$bin/fuzz_$target" "${common[@]}" "${limit[@]}" "$corpus" "$build_dir/seeds/$target" \
        >"$log" 2>&1; then
        execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
        echo "run-fuzzers: $target: $execs executions, no crash"
    else
        grep -E "ERROR|FUZZ_CHECK|runtime error|SUMMARY|Test unit written" "$log" | head -n 20
        tail -n 40 "$log"
        echo "run-fuzzers: $target: FAILED (log: $log)"
        failed+=("$target")
    fi
done
echo "run-fuzzers: total $(($(date +%s) - start)) s"
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "run-fuzzers: failing targets: ${failed[*]}"
    exit 1
fi
