"""The --resolve map for the external link checks (aiohttp), under the crawl's address guard."""

from __future__ import annotations

import socket

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from ..links.netguard import RefusedAddress
from .fetch import Network


class MappedResolver(AbstractResolver):
    """Names given with --resolve go to their address; any other name is resolved as usual
    and every address it resolves to must pass the crawl's guard."""

    def __init__(self, network: Network) -> None:
        self._network = network
        self._inner: AbstractResolver | None = None

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        if self._network.mapped(host, port) is not None:
            answers = self._network.addresses(host, port)  # checked there
            return [ResolveResult(hostname=host, host=str(a[4][0]), port=port, family=a[0], proto=0,
                                  flags=socket.AI_NUMERICHOST) for a in answers]
        if self._inner is None:
            self._inner = DefaultResolver()
        results = await self._inner.resolve(host, port, family)
        why = self._network.policy.answer_refusal(item["host"] for item in results)
        if why is not None:
            raise RefusedAddress(f"{host} resolves to {why}")
        return results

    async def close(self) -> None:
        if self._inner is not None:
            await self._inner.close()
