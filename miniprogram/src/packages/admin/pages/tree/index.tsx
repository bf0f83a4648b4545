import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Station } from '@shared/api/venues';
import { api } from '../../../../api/client';
import { usePagedRequest, type PagedState } from '../../../../hooks/usePagedRequest';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { Button, Cell, Tag } from '../../../../components/ui';
import { EDIT_URL, startEditing, type Editing } from '../../editing';

const PEOPLE_URL = '/packages/admin/pages/people/index';
const IMPORT_URL = '/packages/admin/import/index';
import './index.css';

type Unit = Record<string, unknown> & { id: string; name: string; active?: boolean };

function edit(e: Editing) {
  startEditing(e);
  void Taro.navigateTo({ url: EDIT_URL });
}

/** One unit of the tree: its name (已停用 tag), a line under it, tap to edit. */
function UnitRow({ id, unit, note, onEdit }: { id: string; unit: Unit; note?: string; onEdit: () => void }) {
  return (
    <Cell
      id={id}
      title={
        <Text>
          {unit.name}
          {unit.active === false && <Tag className="tree-off">已停用</Tag>}
        </Text>
      }
      description={note}
      clickable
      onClick={onEdit}
    />
  );
}

/** A titled list of the tree that pages (加载更多) and offers 新建. */
function Branch<T extends Unit>(props: { id: string; title: string; list: PagedState<T>; onAdd?: () => void; addLabel: string; render: (item: T) => JSX.Element }) {
  const { id, title, list, onAdd, addLabel, render } = props;
  return (
    <View className="tree-branch" id={id}>
      <View className="tree-branch__head">
        <Text className="tree-branch__title">{title}</Text>
        {onAdd && (
          <Button id={`${id}-add`} size="small" fill="outline" onClick={onAdd}>
            {addLabel}
          </Button>
        )}
      </View>
      {list.loading && !list.loaded && <Text className="tree-note">加载中…</Text>}
      {list.error && !list.loaded && (
        <Text className="tree-note" onClick={() => void list.reload()}>
          加载失败，点此重试
        </Text>
      )}
      {list.loaded && list.items.length === 0 && <Text className="tree-note">暂无</Text>}
      {list.items.map(render)}
      <LoadMore id={`${id}-more`} hasMore={list.hasMore} loading={list.loadingMore} error={list.error} onMore={() => void list.loadMore()} count={list.items.length} />
    </View>
  );
}

function StationRooms({ station, refresh }: { station: Station; refresh: number }) {
  const rooms = useRequest(() => api('listRooms', undefined, { params: { stationId: station.id } }), [station.id, refresh]);
  return (
    <View className="tree-rooms" id={`tree-rooms-${station.id}`}>
      {(rooms.data?.items ?? []).map((r) => (
        <UnitRow key={r.id} id={`tree-room-${r.id}`} unit={r as unknown as Unit} note={`可容纳 ${r.capacity} 人${r.requiresApproval ? ' · 需审核' : ''}`} onEdit={() => edit({ kind: 'room', unit: r as unknown as Unit })} />
      ))}
      <View className="tree-rooms__add">
        <Button id={`tree-station-${station.id}-add-room`} size="small" fill="outline" onClick={() => edit({ kind: 'room', parentId: station.id })}>
          新建房间
        </Button>
      </View>
    </View>
  );
}

/** A community with its grids, buildings and stations (each station with its rooms), loaded when opened. */
function CommunityNode({ community, open: initiallyOpen, refresh }: { community: Unit; open: boolean; refresh: number }) {
  const [open, setOpen] = useState(initiallyOpen);
  const cid = community.id;
  const page = (cursor?: string) => ({ limit: 50, ...(cursor ? { cursor } : {}) });
  const grids = usePagedRequest((cursor) => api('listGrids', undefined, { params: { communityId: cid }, query: page(cursor) }), [cid, refresh], { enabled: open });
  const buildings = usePagedRequest((cursor) => api('listBuildings', undefined, { params: { communityId: cid }, query: page(cursor) }), [cid, refresh], { enabled: open });
  const stations = usePagedRequest((cursor) => api('listStations', undefined, { query: { communityId: cid, ...page(cursor) } }), [cid, refresh], { enabled: open });
  const gridName = (id: string) => grids.items.find((g) => g.id === id)?.name ?? '';
  return (
    <View className="section tree-community" id={`tree-community-${cid}`}>
      <View className="tree-community__head">
        <View className="tree-community__name" id={`tree-community-${cid}-toggle`} onClick={() => setOpen(!open)}>
          <Text className="section__title">
            {open ? '▾ ' : '▸ '}
            {community.name}
          </Text>
          {community.active === false && <Tag className="tree-off">已停用</Tag>}
        </View>
        <Button id={`tree-community-${cid}-edit`} size="small" fill="outline" onClick={() => edit({ kind: 'community', unit: community })}>
          编辑
        </Button>
      </View>
      {typeof community.address === 'string' && <Text className="section__note">{community.address}</Text>}
      {open && (
        <View className="tree-children">
          <View className="tree-rooms__add">
            <Button id={`tree-community-${cid}-import`} size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: `${IMPORT_URL}?communityId=${cid}` })}>
              批量导入楼栋
            </Button>
            <Button id={`tree-community-${cid}-people`} size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: PEOPLE_URL })}>
              人员与任命
            </Button>
          </View>
          <Branch
            id={`tree-grids-${cid}`}
            title="网格"
            addLabel="新建网格"
            list={grids}
            onAdd={() => edit({ kind: 'grid', parentId: cid })}
            render={(g) => <UnitRow key={g.id} id={`tree-grid-${g.id}`} unit={g} note={g.branchName || undefined} onEdit={() => edit({ kind: 'grid', unit: g })} />}
          />
          <Branch
            id={`tree-buildings-${cid}`}
            title="楼栋"
            addLabel="新建楼栋"
            list={buildings}
            onAdd={() => edit({ kind: 'building', parentId: cid, communityId: cid })}
            render={(b) => (
              <UnitRow key={b.id} id={`tree-building-${b.id}`} unit={{ ...b, name: `${b.estate} ${b.name}` }} note={gridName(b.gridId)} onEdit={() => edit({ kind: 'building', unit: b, communityId: cid })} />
            )}
          />
          <Branch
            id={`tree-stations-${cid}`}
            title="驿站"
            addLabel="新建驿站"
            list={stations}
            onAdd={() => edit({ kind: 'station', parentId: cid })}
            render={(s) => (
              <View key={s.id}>
                <UnitRow id={`tree-station-${s.id}`} unit={s as unknown as Unit} note={s.address} onEdit={() => edit({ kind: 'station', unit: s as unknown as Unit })} />
                <StationRooms station={s} refresh={refresh} />
              </View>
            )}
          />
        </View>
      )}
    </View>
  );
}

/** 全部街道 for the system administrator: open a street's tree, appoint its admins, or 新建街道. */
function StreetList({ refresh }: { refresh: number }) {
  const streets = usePagedRequest((cursor) => api('listStreets', undefined, { query: { limit: 20, ...(cursor ? { cursor } : {}) } }), [refresh]);
  return (
    <View>
      <View className="section">
        <Text className="section__note">系统管理员可新建街道，再邀请街道管理员。</Text>
        <Button id="tree-add-street" block onClick={() => edit({ kind: 'street' })}>
          新建街道
        </Button>
      </View>
      <StateView
        idPrefix="admin-streets"
        loading={streets.loading && !streets.loaded}
        error={streets.loaded ? undefined : streets.error}
        empty={streets.loaded && streets.items.length === 0}
        emptyText="还没有街道"
        onRetry={() => void streets.reload()}
      >
        {streets.items.map((st) => (
          <View className="section" key={st.id} id={`tree-street-${st.id}`}>
            <View className="tree-community__head">
              <Text className="section__title">
                {st.name}
                {!st.active && <Tag className="tree-off">已停用</Tag>}
              </Text>
            </View>
            <View className="tree-rooms__add">
              <Button id={`tree-street-${st.id}-open`} size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: `/packages/admin/pages/tree/index?streetId=${st.id}` })}>
                组织架构
              </Button>
              <Button
                id={`tree-street-${st.id}-people`}
                size="small"
                fill="outline"
                onClick={() => void Taro.navigateTo({ url: `${PEOPLE_URL}?streetId=${st.id}&streetName=${encodeURIComponent(st.name)}` })}
              >
                街道管理员
              </Button>
            </View>
          </View>
        ))}
        <LoadMore id="tree-streets-more" hasMore={streets.hasMore} loading={streets.loadingMore} error={streets.error} onMore={() => void streets.loadMore()} count={streets.items.length} />
      </StateView>
    </View>
  );
}

/**
 * 组织架构: a street → its communities → grids, buildings, stations → rooms, for street
 * admins (`?streetId=`) and community admins (`?communityId=&name=`); a system admin
 * without a street sees every street (and creates one). Every unit opens its form (edit, 停用).
 */
export default function TreePage() {
  const { streetId = '', communityId = '', name = '' } = useRouter().params;
  const [refresh, setRefresh] = useState(0);
  const [streetInfo, setStreetInfo] = useState<Unit | undefined>();
  const street = usePagedRequest(
    async (cursor) => {
      const detail = await api('getStreet', undefined, { params: { streetId }, query: { limit: 20, ...(cursor ? { cursor } : {}) } });
      setStreetInfo(detail.street);
      return detail;
    },
    [streetId, refresh],
    { enabled: Boolean(streetId) },
  );
  // Back from a form: show what it changed.
  useDidShow(() => setRefresh((n) => n + 1));
  usePullDownRefresh(() => {
    setRefresh((n) => n + 1);
    void Taro.stopPullDownRefresh();
  });

  return (
    <PageShell id="page-admin-tree">
      {streetId ? (
        <StateView idPrefix="admin-tree" loading={street.loading && !street.loaded} error={street.loaded ? undefined : street.error} onRetry={() => void street.reload()}>
          <View className="section" id="tree-street">
            <View className="tree-community__head">
              <Text className="section__title" id="tree-street-name">
                {streetInfo?.name ?? ''}
              </Text>
              {streetInfo && (
                <Button id="tree-street-edit" size="small" fill="outline" onClick={() => edit({ kind: 'street', unit: streetInfo })}>
                  编辑
                </Button>
              )}
            </View>
            <Button id="tree-add-community" block onClick={() => edit({ kind: 'community', parentId: streetId })}>
              新建社区
            </Button>
            <Button
              id="tree-street-people"
              block
              fill="outline"
              onClick={() => void Taro.navigateTo({ url: `${PEOPLE_URL}?streetId=${streetId}&streetName=${encodeURIComponent(streetInfo?.name ?? '')}` })}
            >
              街道管理员与任命
            </Button>
            <Button
              id="tree-street-categories"
              block
              fill="outline"
              onClick={() => void Taro.navigateTo({ url: `/packages/requests/pages/categories/index?streetId=${streetId}&name=${encodeURIComponent(streetInfo?.name ?? '')}` })}
            >
              诉求类别与时限
            </Button>
            <Button
              id="tree-street-calendar"
              block
              fill="outline"
              onClick={() => void Taro.navigateTo({ url: `/packages/requests/pages/calendar/index?streetId=${streetId}&name=${encodeURIComponent(streetInfo?.name ?? '')}` })}
            >
              工作日日历
            </Button>
          </View>
          {street.loaded && street.items.length === 0 && <Text className="tree-note">这个街道还没有社区，请先新建社区</Text>}
          {street.items.map((c) => (
            <CommunityNode key={c.id} community={c as Unit} open={false} refresh={refresh} />
          ))}
          <LoadMore id="tree-communities-more" hasMore={street.hasMore} loading={street.loadingMore} error={street.error} onMore={() => void street.loadMore()} count={street.items.length} />
        </StateView>
      ) : communityId ? (
        <CommunityNode community={{ id: communityId, name: decodeURIComponent(name) }} open refresh={refresh} />
      ) : (
        <StreetList refresh={refresh} />
      )}
    </PageShell>
  );
}
