import { Global, Module } from '@nestjs/common';
import { StreamGateway } from './stream.gateway';
import { StreamPublisher } from './stream-publisher';

/**
 * Live stream to browsers. Global so any domain (markets, alerts, portfolios, forecasts) injects StreamPublisher.
 * The gateway only starts where there is an HTTP server (api / all roles); the publisher works everywhere.
 */
@Global()
@Module({
  providers: [StreamPublisher, StreamGateway],
  exports: [StreamPublisher],
})
export class StreamModule {}
