import { commandCodec, commandDecoder, type CommandsOf } from '../auth/command';
import { catalogEventData } from '../events/org';

/** Catalogue commands (stream `catalog-<hallId>`): the data is the event's, as recorded. */
export const catalogCommandCodecs = {
  DefineServiceItem: commandCodec('DefineServiceItem', catalogEventData.ServiceItemDefined),
  ReviseServiceItem: commandCodec('ReviseServiceItem', catalogEventData.ServiceItemRevised),
  SuspendServiceItem: commandCodec('SuspendServiceItem', catalogEventData.ServiceItemSuspended),
  RepealServiceItem: commandCodec('RepealServiceItem', catalogEventData.ServiceItemRepealed),
  ReinstateServiceItem: commandCodec('ReinstateServiceItem', catalogEventData.ServiceItemReinstated),
};

export type CatalogCommand = CommandsOf<typeof catalogCommandCodecs>;
export type CatalogCommandType = CatalogCommand['type'];
export const decodeCatalogCommand = commandDecoder(catalogCommandCodecs, 'catalogue');
