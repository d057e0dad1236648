#!/bin/sh
# Patroni's post_bootstrap: $1 is the new primary's superuser connection URL.
set -e
psql "$1" -v ON_ERROR_STOP=1 -c 'create database hub'
