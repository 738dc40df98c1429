# Sourced by .ci/run and scripts/ci/real-nova-full.sh: what CI runs of the real Nova's full
# control plane, in one place. Before sourcing, set `releases` (the releases whose images CI
# builds). Sets:
#   matrix_releases  the releases whose default-matrix scenarios also run with `--full` (the
#                    stateful differential's matrix phase): every CI release, so no test of that
#                    phase is left skipped ($MVMATRIX_CI_FULL_MATRIX_RELEASES overrides)
#   matrix_profiles  the client profiles of that phase: the newest client of each family plus
#                    bookworm's and sid's Horizon (a real control plane boots a server per cell,
#                    ~1-2 s of CPU each; $MVMATRIX_CI_FULL_MATRIX_PROFILES=all runs every profile)
matrix_releases="${MVMATRIX_CI_FULL_MATRIX_RELEASES:-$releases}"
matrix_profiles="${MVMATRIX_CI_FULL_MATRIX_PROFILES:-horizon@23.0.0,horizon@27.0.0,novaclient@18.13.1,openstacksdk@4.20.0,openstackclient@10.3.0}"
if [ "$matrix_profiles" = all ]; then matrix_profiles=""; fi
