#!/bin/sh
exec echo "listening on $2"
